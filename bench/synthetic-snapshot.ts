/**
 * What the panel is handed for a running cluster of any size: a Snapshot as the monitor builds it,
 * and ten minutes of memory history. Figures are made up; shapes are the project's own types.
 */
import type { MemoryPoint } from '../shared/memory-point';
import type { Snapshot, WorkerSample } from '../shared/snapshot';
import { LIMIT, makeConfig, makeSnapshot, makeWorker } from '../testing/fixtures';

/** Worker i's memory fraction in update k: 15–65 %, different in every update, below every threshold. */
function memoryFraction(i: number, k: number): number {
  const x = Math.sin(i * 12.9898 + k * 78.233) * 43758.5453;
  return 0.15 + 0.5 * (x - Math.floor(x));
}

function worker(i: number): WorkerSample {
  return makeWorker(i, memoryFraction(i, 0), {
    address: `tcp://127.0.0.1:${20_000 + 3 * i}`,
    pid: 100_000 + i,
    threads: 8,
    cpuPercent: (i % 7) * 1.5,
  });
}

export function syntheticSnapshot(workers: number, at = Date.now()): Snapshot {
  const rows = Array.from({ length: workers }, (_, i) => worker(i));
  return makeSnapshot({
    reason: `${workers} workers running, using ${(rows.reduce((s, w) => s + w.rssBytes!, 0) / 1e9).toFixed(1)} GB`,
    config: makeConfig({ numWorkers: workers, logDir: '/home/alice/.cache/covalent' }),
    scheduler: { pid: 4214, alive: true, rssBytes: 180_000_000, threads: 12, cpuPercent: 2.5, suspended: false },
    workers: rows,
    dashboard: {
      url: 'http://127.0.0.1:8787/',
      reachable: true,
      problem: null,
      identityAt: new Date(at).toISOString(),
      tasks: { total: 0, processing: 0, waiting: 0, erred: 0 },
      tasksAt: new Date(at).toISOString(),
      workerListFrom: 'protocol',
      protocolProblem: null,
    },
    system: { memoryBytes: 128e9, cpuCount: 64 },
    sampledAt: new Date(at).toISOString(),
  });
}

/** Ten minutes of total worker memory, one point a second, ending at `at`. */
export function syntheticHistory(snapshot: Snapshot, at = Date.now()): MemoryPoint[] {
  const total = snapshot.workers.reduce((s, w) => s + (w.rssBytes ?? 0), 0);
  return Array.from({ length: 600 }, (_, i) => ({
    t: at - (599 - i) * 1000,
    bytes: Math.round(total * (0.9 + 0.1 * Math.sin(i / 30))),
  }));
}

/** Update `k` of `base`, one second later: every worker's memory and CPU have moved. */
export function snapshotUpdate(base: Snapshot, update: number): Snapshot {
  const at = Date.parse(base.sampledAt) + update * 1000;
  const workers = base.workers.map((w, i) => {
    const fraction = memoryFraction(i, update);
    return {
      ...w,
      rssBytes: Math.round(fraction * LIMIT),
      memoryFraction: fraction,
      cpuPercent: ((i + update) % 7) * 1.5,
    };
  });
  return { ...base, workers, sampledAt: new Date(at).toISOString() };
}
