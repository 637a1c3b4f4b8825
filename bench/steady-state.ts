/**
 * What `watch` costs while it runs: CPU % of one core and RSS of a real `covalent-dask-tray watch
 * --json` process, read from /proc over a window after its start-up, beside an idle Node process
 * (a 1 s timer and nothing else) measured over the same window.
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { formatBytes } from '../shared/format';
import type { Snapshot } from '../shared/snapshot';
import type { ClusterFixture } from '../testing/cluster-fixture';
import { readTruth } from '../testing/proc-truth';
import { CLI } from '../testing/run-cli';
import { stopChild, track } from './child-processes';
import { processCpuMs } from './cpu-clock';
import { type PartResult, formatRatio } from './report';
import { summarize } from './stats';

const rssOf = (pid: number) => readTruth(pid)?.rssBytes ?? null;

const TARGET_CPU_PERCENT = 0.5;

export interface SteadyOptions {
  workers: number;
  /** Start-up left out of the window. */
  warmupMs: number;
  windowMs: number;
  judge: boolean;
}

export async function measureSteadyState(fixture: ClusterFixture, options: SteadyOptions): Promise<PartResult> {
  const watch = track(
    spawn(process.execPath, [CLI, 'watch', '--json', '--interval', '1'], {
      env: fixture.env,
      stdio: ['ignore', 'pipe', 'pipe'],
    }),
  );
  const idle = track(spawn(process.execPath, ['-e', 'setInterval(() => {}, 1000)'], { stdio: 'ignore' }));
  let stderr = '';
  watch.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));
  // Drain the pipe as a reader would; keep the last snapshot line to check what watch saw.
  let snapshots = 0;
  let lastSnapshot = '';
  let pending = '';
  watch.stdout.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      if (line.startsWith('{"type":"snapshot"')) {
        snapshots++;
        lastSnapshot = line;
      }
    }
  });

  try {
    await sleep(options.warmupMs);
    const gone = () => new Error(`watch exited (${watch.exitCode ?? watch.signalCode}): ${stderr}`);
    const cpu0 = { watch: processCpuMs(watch.pid!), idle: processCpuMs(idle.pid!) };
    const t0 = performance.now();
    const snapshots0 = snapshots;
    if (cpu0.watch === null || cpu0.idle === null) throw gone();
    const rss = { watch: [] as number[], idle: [] as number[] };
    while (performance.now() - t0 < options.windowMs) {
      await sleep(Math.min(1000, options.windowMs - (performance.now() - t0)));
      const w = rssOf(watch.pid!);
      const i = rssOf(idle.pid!);
      if (w === null) throw gone();
      rss.watch.push(w);
      if (i !== null) rss.idle.push(i);
    }
    const cpu1 = { watch: processCpuMs(watch.pid!), idle: processCpuMs(idle.pid!) };
    const elapsed = performance.now() - t0;
    if (cpu1.watch === null || cpu1.idle === null) throw gone();
    const inWindow = snapshots - snapshots0;

    const last = JSON.parse(lastSnapshot || '{}') as Partial<Snapshot>;
    if (inWindow === 0 || last.status !== 'running' || last.workers?.length !== options.workers) {
      throw new Error(
        `watch did not follow the cluster: ${inWindow} snapshots in the window, last ${last.status} (${last.reason}), ${last.workers?.length} workers; ${stderr}`,
      );
    }
    const percent = {
      watch: ((cpu1.watch - cpu0.watch) / elapsed) * 100,
      idle: ((cpu1.idle - cpu0.idle) / elapsed) * 100,
    };
    const rssW = summarize(rss.watch);
    const rssI = summarize(rss.idle);
    const seconds = Math.round(elapsed / 1000);
    return {
      tables: [
        {
          title: `Steady state: \`watch --json\` at 1 s for ${seconds} s against ${options.workers} workers`,
          columns: ['process', 'CPU % of one core', 'RSS median', 'RSS max', 'CPU ÷ idle Node'],
          rows: [
            [
              'covalent-dask-tray watch --json --interval 1',
              percent.watch.toFixed(3),
              formatBytes(rssW.median),
              formatBytes(rssW.max),
              formatRatio(percent.watch / percent.idle),
            ],
            [
              'baseline: idle Node (a 1 s timer), same window',
              percent.idle.toFixed(3),
              formatBytes(rssI.median),
              formatBytes(rssI.max),
              '1',
            ],
          ],
          notes: [
            `CPU: utime + stime from /proc/PID/stat over the window (${seconds} s after the first ${Math.round(options.warmupMs / 1000)} s), over wall time; read in 10 ms ticks, so ±${(1000 / elapsed).toFixed(3)} points. RSS: VmRSS each second.`,
            `watch printed ${inWindow} snapshots in the window (one a second expected) to a pipe the benchmark drains; the last one saw the cluster ${last.status} with ${last.workers.length} workers.`,
          ],
        },
      ],
      targets: [
        {
          target: 'steady state at 1 s: ≤ 0.5 % of one core',
          figure: `${percent.watch.toFixed(3)} % (idle Node ${percent.idle.toFixed(3)} %), RSS ${formatBytes(rssW.median)}${options.judge ? '' : ` (quick: ${seconds} s against ${options.workers} workers)`}`,
          met: options.judge ? percent.watch <= TARGET_CPU_PERCENT : null,
          note:
            options.judge && percent.watch > TARGET_CPU_PERCENT
              ? 'per-second cost = one sample (see the sample-cost table, M) + JSON.stringify of the snapshot + the write; cut the larger'
              : '',
        },
      ],
    };
  } finally {
    await Promise.all([stopChild(watch), stopChild(idle)]);
  }
}
