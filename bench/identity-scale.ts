/**
 * Scale: the monitor against a Dask that lists 1,000 workers. A child process serves a synthetic
 * identity.json (bench/synthetic-identity.ts) and counts.json and stands in as the scheduler
 * process (the config's pid, listening on the scheduler port), so the sampler takes its real path:
 * fetch, parse, match, worker rows, status, alerts.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { createClusterSampler } from '../main/monitor/cluster-sampler';
import { createConfigSource } from '../main/monitor/config/config-source';
import { createDaskPoller, daskBaseUrl } from '../main/monitor/dask/dask-poller';
import { formatBytes } from '../shared/format';
import { DASK_WAIT_MS, MAX_HTTP_TIMEOUT_MS as HTTP_TIMEOUT_MS, createMonitor } from '../main/monitor/monitor';
import { createProcfsSource } from '../main/monitor/proc/procfs-source';
import { IDLE_BEFORE_RUN_MS, costCells, runAlternating, summaries, variant } from './alternating-rounds';
import { stopChild, track } from './child-processes';
import { type PartResult, formatMs, formatRatio } from './report';
import { checkSample } from './sample-cost';
import { syntheticCounts, syntheticIdentity } from './synthetic-identity';
import { trackPolls } from './tracked-poller';

export const SERVE_IDENTITY_FLAG = '--serve-identity';
const TARGET_MS = 20;

/** The child's side: serves Dask's JSON routes for `workers` synthetic workers on a free port. */
export function runIdentityServer(args: readonly string[]): void {
  const workers = Number(args[0]);
  const routes = new Map<string, { type: string; body: Buffer }>([
    [
      '/json/identity.json',
      { type: 'application/json', body: Buffer.from(JSON.stringify(syntheticIdentity(workers))) },
    ],
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
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    const port = typeof address === 'object' && address ? address.port : 0;
    process.stdout.write(
      `${JSON.stringify({ port, identityBytes: routes.get('/json/identity.json')!.body.length })}\n`,
    );
  });
  process.once('SIGTERM', () => process.exit(0));
}

/** covalent.conf as `covalent start` leaves it, pointing at the stand-in scheduler. */
function writeConfig(dir: string, pid: number, port: number, workers: number): string {
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
      `scheduler_address = "tcp://127.0.0.1:${port}"`,
      `dashboard_link = "http://127.0.0.1:${port}/status"`,
      `process_info = "<DaskCluster name='LocalDaskCluster' parent=${process.pid} started>"`,
      `pid = ${pid}`,
      'admin_host = "127.0.0.1"',
      `admin_port = ${port}`,
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
    const ready = await new Promise<{ port: number; identityBytes: number }>((resolve, reject) => {
      readline
        .createInterface({ input: server.stdout })
        .once('line', (line) => resolve(JSON.parse(line) as { port: number; identityBytes: number }));
      server.once('exit', (code) => reject(new Error(`the identity server exited (${code}) before listening`)));
    });
    const location = { path: writeConfig(dir, server.pid!, ready.port, workers), source: '--config' as const };
    const state = createConfigSource(location).refresh();
    const config = state.config!;
    const base = daskBaseUrl(config.dashboardLink)!;

    const poller = createDaskPoller({ timeoutMs: HTTP_TIMEOUT_MS });
    closers.push(() => poller.close());
    const c = variant('C', 'Dask HTTP alone: fetch + parse (poller.poll)', async (self) => {
      const poll = await poller.poll(base);
      self.problem =
        poll.identity?.workers.length === workers
          ? null
          : `Dask listed ${poll.identity?.workers.length ?? 'no'} workers (${poll.problem})`;
    });
    const tracked = trackPolls(createDaskPoller({ timeoutMs: HTTP_TIMEOUT_MS }));
    closers.push(() => tracked.poller.close());
    const sampler = createClusterSampler({
      source: createProcfsSource(),
      poller: tracked.poller,
      daskWaitMs: DASK_WAIT_MS,
    });
    let late = 0;
    const a = variant('A', "project's sampler: + process tree, matching, worker rows", async (self) => {
      const s = await sampler.sample(config, state.pidWrittenAtMs, { dask: 'now' });
      if ((await tracked.settle()).late) late++;
      // No worker has a process here: every row is Dask's.
      self.problem = checkSample(s, workers, false);
    });
    const monitor = createMonitor({ location, intervalMs: 1000 });
    closers.push(() => monitor.stop());
    const m = variant('M', "monitor's whole sample: + status, alerts, snapshot", async (self) => {
      const s = await monitor.sampleOnce();
      self.problem =
        s.status === 'running' && s.workers.length === workers ? null : `the monitor says ${s.status}: ${s.reason}`;
    });
    const variants = [c, a, m];
    await runAlternating(variants, {
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      warmupLimitMs: 60_000,
    });

    const cpu = summaries(variants, 'cpuMs');
    const wall = summaries(variants, 'wallMs');
    const mCpu = cpu.M!;
    return {
      tables: [
        {
          title: `Scale: ${workers.toLocaleString('en')} workers in identity.json (${formatBytes(ready.identityBytes)}), ${options.rounds} alternating rounds`,
          columns: ['variant', 'CPU ms median', 'CPU ms p95', 'wall ms median', 'wall ms p95', 'CPU ÷ C'],
          rows: variants.map((v) => [
            ...costCells(v, cpu, wall),
            v === c ? '1' : formatRatio(cpu[v.key]!.median / cpu.C!.median),
          ]),
          notes: [
            `A child Node process serves identity.json with ${workers.toLocaleString('en')} synthetic workers, each shaped like a real distributed 2022.12.1 entry, and counts.json; it is the config's pid and listens on the scheduler port, so the monitor takes the cluster for real. CPU is the monitor's process only: the server's work is not counted. Variants alternate in shuffled order, each after ${IDLE_BEFORE_RUN_MS} ms idle.`,
            `The sampler's poll outlived its ${DASK_WAIT_MS} ms wait in ${late} of ${options.rounds} samples (awaited and counted all the same).`,
          ],
        },
      ],
      targets: [
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
