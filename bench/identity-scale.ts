/**
 * Scale: the monitor against a Dask that lists 1,000 workers. A child process serves a synthetic
 * identity.json (bench/synthetic-identity.ts) and counts.json over HTTP, the same identity and each
 * worker's tasks over Dask's comm protocol (bench/synthetic-comm.ts), and Covalent's admin ops, and
 * stands in as the scheduler process (the config's pid, listening on the scheduler port), so the
 * sampler takes its real path: ask, parse, match, worker rows, status, alerts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createClusterSampler } from '../main/monitor/cluster-sampler';
import { createConfigSource } from '../main/monitor/config/config-source';
import { createSchedulerComm } from '../main/monitor/dask/comm/scheduler-comm';
import { createDaskPoller, daskBaseUrl } from '../main/monitor/dask/dask-poller';
import { formatBytes } from '../shared/format';
import { DASK_WAIT_MS, MAX_HTTP_TIMEOUT_MS as HTTP_TIMEOUT_MS, createMonitor } from '../main/monitor/monitor';
import { createProcfsSource } from '../main/monitor/proc/procfs-source';
import { IDLE_BEFORE_RUN_MS, type Variant, costCells, runAlternating, summaries, variant } from './alternating-rounds';
import { stopChild, track } from './child-processes';
import { type PartResult, formatMs, formatRatio, protocolTarget } from './report';
import { checkSample } from './sample-cost';
import { serveComm, syntheticProcessing } from './synthetic-comm';
import { syntheticCounts, syntheticIdentity } from './synthetic-identity';
import { type TrackedComm, trackComm, trackPolls } from './tracked-poller';

export const SERVE_IDENTITY_FLAG = '--serve-identity';
const TARGET_MS = 20;

/** The child's side: serves Dask's JSON routes for `workers` synthetic workers on a free port. */
export function runIdentityServer(args: readonly string[]): void {
  const workers = Number(args[0]);
  const identity = syntheticIdentity(workers) as { workers: Record<string, unknown> };
  const routes = new Map<string, { type: string; body: Buffer }>([
    ['/json/identity.json', { type: 'application/json', body: Buffer.from(JSON.stringify(identity)) }],
    ['/json/counts.json', { type: 'application/json', body: Buffer.from(JSON.stringify(syntheticCounts(workers))) }],
    ['/health', { type: 'text/plain', body: Buffer.from('ok') }],
  ]);
  const server = http.createServer((req, res) => {
    const route = routes.get(req.url ?? '');
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': route.type, 'content-length': route.body.length });
    res.end(route.body);
  });
  const names = Object.values(identity.workers).map((w) => `worker-${(w as { name: number }).name}`);
  const commReady = serveComm(
    new Map<string, unknown>([
      ['identity', identity],
      ['processing', syntheticProcessing(identity)],
      ['cluster_status', Object.fromEntries([['scheduler', 'running'], ...names.map((n) => [n, 'running'])])],
      ['cluster_size', workers],
    ]),
  );
  server.listen(0, '127.0.0.1', async () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    const ready: ServerPorts = {
      port,
      commPort: await commReady,
      identityBytes: routes.get('/json/identity.json')!.body.length,
    };
    process.stdout.write(`${JSON.stringify(ready)}\n`);
  });
  process.once('SIGTERM', () => process.exit(0));
}

interface ServerPorts {
  /** HTTP: the dashboard's routes. */
  port: number;
  /** Dask's comm protocol: the scheduler's and Covalent's admin ops. */
  commPort: number;
  identityBytes: number;
}

/** covalent.conf as `covalent start` leaves it, pointing at the stand-in scheduler. */
function writeConfig(dir: string, pid: number, ports: ServerPorts, workers: number): string {
  const { port, commPort } = ports;
  const file = path.join(dir, 'covalent.conf');
  fs.writeFileSync(
    file,
    [
      '[sdk]',
      'no_cluster = "false"',
      '',
      '[dask]',
      `cache_dir = "${dir}"`,
      `log_dir = "${dir}"`,
      'mem_per_worker = "400MB"',
      'threads_per_worker = 1',
      `num_workers = ${workers}`,
      `scheduler_address = "tcp://127.0.0.1:${commPort}"`,
      `dashboard_link = "http://127.0.0.1:${port}/status"`,
      `process_info = "<DaskCluster name='LocalDaskCluster' parent=${process.pid} started>"`,
      `pid = ${pid}`,
      'admin_host = "127.0.0.1"',
      `admin_port = ${commPort}`,
      '',
      '[user_interface]',
      'address = "localhost"',
      'port = 48008',
      '',
    ].join('\n'),
  );
  return file;
}

export interface ScaleOptions {
  workers: number;
  rounds: number;
  warmupRounds: number;
  judge: boolean;
}

export async function measureIdentityScale(options: ScaleOptions): Promise<PartResult> {
  const { workers } = options;
  const server = track(
    spawn(process.execPath, [process.argv[1]!, SERVE_IDENTITY_FLAG, String(workers)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    }),
  );
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'covalent-dask-tray-bench-'));
  const closers: (() => void)[] = [];
  try {
    const ready = await new Promise<ServerPorts>((resolve, reject) => {
      readline
        .createInterface({ input: server.stdout })
        .once('line', (line) => resolve(JSON.parse(line) as ServerPorts));
      server.once('exit', (code) => reject(new Error(`the identity server exited (${code}) before listening`)));
    });
    const location = { path: writeConfig(dir, server.pid!, ready, workers), source: '--config' as const };
    const state = createConfigSource(location).refresh();
    const config = state.config!;
    const base = daskBaseUrl(config.dashboardLink)!;

    const listed = (n: number | undefined, problem: string | null) =>
      n === workers ? null : `Dask listed ${n ?? 'no'} workers (${problem})`;
    const poller = createDaskPoller({ timeoutMs: HTTP_TIMEOUT_MS });
    closers.push(() => poller.close());
    const c = variant('C', 'Dask HTTP: identity.json, fetch + parse', async (self) => {
      const poll = await poller.poll(base, { identity: true, counts: false });
      self.problem = listed(poll.identity?.workers.length, poll.problem);
    });
    const endpoint = { host: '127.0.0.1', port: ready.commPort };
    const comm = createSchedulerComm(endpoint, { connectMs: HTTP_TIMEOUT_MS, requestMs: HTTP_TIMEOUT_MS });
    closers.push(() => comm.close());
    const p = variant('D', "Dask's protocol: identity, ask + decode + parse", async (self) => {
      const r = await comm.identity();
      self.problem = listed(r.ok ? r.identity.workers.length : undefined, r.ok ? null : r.reason);
    });
    const pp = variant('D+', 'the same + processing (each worker’s tasks), as each sample asks', async (self) => {
      const [r, t] = [await comm.identity(), await comm.processing()];
      self.problem = !t.ok ? t.reason : listed(r.ok ? r.identity.workers.length : undefined, r.ok ? null : r.reason);
    });
    const lates = { A: 0, 'A-comm': 0 };
    const samplerComms: TrackedComm[] = [];
    function samplerVariant(key: 'A' | 'A-comm', label: string): Variant {
      const tracked = trackPolls(createDaskPoller({ timeoutMs: HTTP_TIMEOUT_MS }));
      closers.push(() => tracked.poller.close());
      const comms = trackComm((at) =>
        createSchedulerComm(at, { connectMs: HTTP_TIMEOUT_MS, requestMs: HTTP_TIMEOUT_MS }),
      );
      const sampler = createClusterSampler({
        source: createProcfsSource(),
        poller: tracked.poller,
        daskWaitMs: DASK_WAIT_MS,
        comm: key === 'A-comm' ? comms.factory : undefined,
      });
      closers.push(() => sampler.close());
      if (key === 'A-comm') samplerComms.push(comms);
      return variant(key, label, async (self) => {
        const s = await sampler.sample(config, state.pidWrittenAtMs, { dask: 'now' });
        const [http, protocol] = [await tracked.settle(), await comms.settle()];
        if (http.late || protocol.late) lates[key]++;
        // No worker has a process here: every row is Dask's.
        self.problem = checkSample(s, workers, false);
      });
    }

    const a = samplerVariant('A', "project's sampler over HTTP alone: + process tree, matching, worker rows");
    const ac = samplerVariant('A-comm', "the same over Dask's protocol (identity + processing) and HTTP (counts)");
    const monitor = createMonitor({ location, intervalMs: 1000 });
    closers.push(() => monitor.stop());
    const m = variant('M', "monitor's whole sample: + status, alerts, snapshot", async (self) => {
      const s = await monitor.sampleOnce();
      self.problem =
        s.status === 'running' && s.workers.length === workers ? null : `the monitor says ${s.status}: ${s.reason}`;
    });
    const variants = [c, p, pp, a, ac, m];
    await runAlternating(variants, {
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      warmupLimitMs: 60_000,
    });

    const cpu = summaries(variants, 'cpuMs');
    const wall = summaries(variants, 'wallMs');
    const mCpu = cpu.M!;
    const own = comm.stats();
    const sampler = samplerComms[0]!.stats();
    const reuse = `connections: D and D+ share one client, which connected ${own.connects} time(s) for ${own.requests} requests; the sampler's (A-comm) ${sampler.connects} for ${sampler.requests}`;
    return {
      tables: [
        {
          title: `Scale: ${workers.toLocaleString('en')} workers (identity.json ${formatBytes(ready.identityBytes)}), ${options.rounds} alternating rounds`,
          columns: ['variant', 'CPU ms median', 'CPU ms p95', 'wall ms median', 'wall ms p95', 'CPU ÷ C'],
          rows: variants.map((v) => [
            ...costCells(v, cpu, wall),
            v === c ? '1' : formatRatio(cpu[v.key]!.median / cpu.C!.median),
          ]),
          notes: [
            `A child Node process serves identity.json with ${workers.toLocaleString('en')} synthetic workers, each shaped like a real distributed 2022.12.1 entry, and counts.json over HTTP; the same identity, one task per worker (processing) and Covalent's admin ops over Dask's comm protocol (msgpack, one frame per message, as distributed writes them). It is the config's pid and listens on the scheduler port, so the monitor takes the cluster for real. CPU is the monitor's process only: the server's work is not counted. Variants alternate in shuffled order, each after ${IDLE_BEFORE_RUN_MS} ms idle.`,
            `The sampler's asks outlived its ${DASK_WAIT_MS} ms wait in ${lates.A} (A) and ${lates['A-comm']} (A-comm) of ${options.rounds} samples (awaited and counted all the same). ${reuse}.`,
          ],
        },
      ],
      targets: [
        protocolTarget(workers, cpu, { http: 'C', protocol: 'D', withTasks: 'D+' }, options.judge, reuse),
        {
          target: '1,000 workers: ≤ 20 ms per sample',
          figure: `M ${formatMs(mCpu.median)} ms CPU median (p95 ${formatMs(mCpu.p95)}), ${formatMs(wall.M!.median)} ms wall${options.judge ? '' : ` (quick: ${options.rounds} rounds)`}`,
          met: options.judge ? mCpu.median <= TARGET_MS && wall.M!.median <= TARGET_MS : null,
          note:
            options.judge && (mCpu.median > TARGET_MS || wall.M!.median > TARGET_MS)
              ? `fetch + parse alone is ${formatMs(cpu.C!.median)} ms; the rest (${formatMs(mCpu.median - cpu.C!.median)} ms) is matching, rows, status and alerts`
              : `judged on the monitor's whole sample, CPU and wall; fetch + parse alone ${formatMs(cpu.C!.median)} ms`,
        },
      ],
    };
  } finally {
    for (const close of closers) close();
    await stopChild(server);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
