/**
 * Dask's identity.json and counts.json for a cluster of any size: the one fake of the benchmark,
 * since nobody starts 1,000 workers on two cores. Every worker entry has the shape and keys of a
 * real one from distributed 2022.12.1; only the figures are made up.
 */

/** A reproducible spread of figures: worker i's memory, CPU and so on differ, the same each run. */
function spread(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return x - Math.floor(x);
}

const SYNTHETIC_MEMORY_LIMIT = 400_000_000;

function workerEntry(i: number, port: number, nowS: number) {
  return {
    type: 'Worker',
    id: i,
    host: '127.0.0.1',
    resources: {},
    local_directory: `/tmp/dask-worker-space/worker-${(i * 2654435761).toString(36).slice(-8)}`,
    name: i,
    nthreads: 1,
    memory_limit: SYNTHETIC_MEMORY_LIMIT,
    last_seen: nowS - spread(i, 1),
    services: { dashboard: port + 1 },
    metrics: {
      task_counts: {
        executing: 0,
        'long-running': 0,
        memory: 0,
        ready: 0,
        constrained: 0,
        waiting: 0,
        fetch: 0,
        missing: 0,
        flight: 0,
        other: 0,
      },
      bandwidth: { total: 100000000, workers: {}, types: {} },
      managed_bytes: 0,
      spilled_bytes: { memory: 0, disk: 0 },
      transfer: {
        incoming_bytes: 0,
        incoming_count: 0,
        incoming_count_total: 0,
        outgoing_bytes: 0,
        outgoing_count: 0,
        outgoing_count_total: 0,
      },
      event_loop_interval: 0.02,
      cpu: Math.round(spread(i, 2) * 40) / 10,
      // 15–65 % of the limit: below the alert and re-arm fractions, so no alerts fire
      memory: Math.round(SYNTHETIC_MEMORY_LIMIT * (0.15 + 0.5 * spread(i, 3))),
      time: nowS - spread(i, 4),
      host_net_io: { read_bps: 781555.2949440229, write_bps: 781555.2949440229 },
      host_disk_io: { read_bps: 0.0, write_bps: 0.0 },
      num_fds: 17,
    },
    status: 'running',
    nanny: `tcp://127.0.0.1:${port + 2}`,
  };
}

export function syntheticIdentity(workers: number, nowS = Date.now() / 1000): unknown {
  const entries: Record<string, unknown> = {};
  for (let i = 0; i < workers; i++) {
    const port = 20_000 + 3 * i;
    entries[`tcp://127.0.0.1:${port}`] = workerEntry(i, port, nowS);
  }
  return {
    type: 'Scheduler',
    id: 'Scheduler-00000000-0000-4000-8000-000000000000',
    address: 'tcp://127.0.0.1:8786',
    services: { dashboard: 8787 },
    started: nowS - 3600,
    workers: entries,
  };
}

export function syntheticCounts(workers: number): unknown {
  return {
    bytes: 0,
    clients: 1,
    cores: workers,
    erred: 0,
    hosts: 1,
    idle: workers,
    memory: 0,
    processing: 0,
    released: 0,
    saturated: 0,
    tasks: 0,
    unrunnable: 0,
    waiting: 0,
    waiting_data: 0,
    workers,
    desired_workers: 0,
  };
}
