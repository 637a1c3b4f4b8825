/**
 * The three ways the monitor can read its processes, side by side in one run against the same
 * processes (a parent with 8 children, no Dask needed): /proc (Linux), the ps source (macOS's
 * path, run here over procps' ps, which takes the same -p/-o flags) and systeminformation (what
 * macOS and Windows used before). Per sample, alternating, and as the steady CPU of a process that
 * samples once a second, each in its own process over the same window beside an idle Node.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ProcessSource } from '../main/monitor/proc/process-source';
import { createProcfsSource } from '../main/monitor/proc/procfs-source';
import { FIGURES_EVERY_MS } from '../main/monitor/proc/probed-tree';
import { createPsSource } from '../main/monitor/proc/ps-source';
import { createSiSource } from '../main/monitor/proc/si-source';
import { runAlternating, summaries, variant } from './alternating-rounds';
import { stopChild, track } from './child-processes';
import { processTreeCpuMs } from './cpu-clock';
import { type PartResult, formatMs, formatRatio } from './report';

export const PATH_LOOP_FLAG = '--path-loop';

const PATHS = {
  procfs: '/proc (Linux)',
  ps: 'ps for the watched pids (macOS path; procps ps here)',
  si: 'systeminformation.processes() (every process)',
} as const;
type PathKey = keyof typeof PATHS;

/** systeminformation.processes() answers from its cache within 500 ms of its last answer: leave more. */
const SI_SPACING_MS = 600;
const TARGET_PS_PERCENT = 0.5;

function sourceFor(key: PathKey, now?: () => number): ProcessSource & { idle?: () => Promise<void> } {
  if (key === 'procfs') return createProcfsSource();
  if (key === 'ps') return createPsSource({ flavour: 'procps', now });
  return createSiSource();
}

/** A Node process with `count` `sleep` children: what the cluster process and its workers look like to a source. */
async function startTree(count: number): Promise<ChildProcess> {
  const code = `const { spawn } = require('node:child_process');
for (let i = 0; i < ${count}; i++) spawn('sleep', ['3600'], { stdio: 'ignore' });
process.on('SIGTERM', () => process.exit(0));
setInterval(() => {}, 1000);
process.stdout.write('ready\\n');`;
  // Its own process group, so that stopping it takes the sleeps along.
  const parent = track(spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'], detached: true }));
  await once(parent.stdout!, 'data');
  return parent;
}

function stopTree(parent: ChildProcess): void {
  try {
    process.kill(-parent.pid!, 'SIGKILL');
  } catch {
    // already gone
  }
}

/**
 * The child's side: samples `pid` with one source once a second (as the monitor's loop does) until
 * killed, printing after each sample how many children it saw.
 */
export async function runPathLoop(args: readonly string[]): Promise<void> {
  const key = args[0] as PathKey;
  const pid = Number(args[1]);
  const source = sourceFor(key);
  for (;;) {
    const t0 = performance.now();
    const tree = await source.sampleTree(pid);
    process.stdout.write(`${JSON.stringify({ children: tree.children.length, problem: tree.problem ?? null })}\n`);
    await sleep(Math.max(0, 1000 - (performance.now() - t0)));
  }
}

interface Loop {
  key: PathKey | 'idle';
  child: ChildProcess;
  last: { children: number; problem: string | null } | null;
}

function startLoop(key: PathKey | 'idle', pid: number): Loop {
  const args =
    key === 'idle' ? ['-e', 'setInterval(() => {}, 1000)'] : [process.argv[1]!, PATH_LOOP_FLAG, key, String(pid)];
  const child = track(spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'inherit'] }));
  const loop: Loop = { key, child, last: null };
  let pending = '';
  child.stdout!.on('data', (d: Buffer) => {
    const lines = (pending + d.toString()).split('\n');
    pending = lines.pop()!;
    if (lines.length) loop.last = JSON.parse(lines.at(-1)!) as Loop['last'];
  });
  return loop;
}

export interface ProcPathsOptions {
  children: number;
  rounds: number;
  warmupRounds: number;
  /** Start-up left out of the steady window: the ps loop lists and reads its first figures there. */
  warmupMs: number;
  windowMs: number;
  judge: boolean;
}

async function perSample(pid: number, options: ProcPathsOptions) {
  const check = (n: number) => (n === options.children ? null : `${n} of ${options.children} children seen`);
  // The ps source's clock moves a second per sample: each sample is a monitor tick 1 s after the
  // last, whatever the rounds' real spacing, so its 5 s reads come every fifth sample as in the tray.
  let clock = Date.now();
  const ps = sourceFor('ps', () => clock);
  const sources = { procfs: sourceFor('procfs'), ps, si: sourceFor('si') };
  const variants = (Object.keys(PATHS) as PathKey[]).map((key) =>
    variant(
      key,
      PATHS[key],
      async (self) => {
        if (key === 'ps') clock += 1000;
        const tree = await sources[key].sampleTree(pid);
        await sources[key].idle?.(); // the background ps counts in the tick that started it
        self.problem = tree.problem ?? check(tree.children.length);
      },
      key === 'si' ? SI_SPACING_MS : undefined,
    ),
  );
  await runAlternating(variants, { rounds: options.rounds, warmupRounds: options.warmupRounds, warmupLimitMs: 60_000 });
  return { cpu: summaries(variants, 'cpuMs'), wall: summaries(variants, 'wallMs'), variants };
}

async function steady(pid: number, options: ProcPathsOptions) {
  const loops = [...(Object.keys(PATHS) as PathKey[]), 'idle' as const].map((key) => startLoop(key, pid));
  try {
    await sleep(options.warmupMs);
    const cpu0 = loops.map((l) => processTreeCpuMs(l.child.pid!));
    const t0 = performance.now();
    await sleep(options.windowMs);
    const cpu1 = loops.map((l) => processTreeCpuMs(l.child.pid!));
    const elapsed = performance.now() - t0;
    return loops.map((l, i) => {
      if (cpu0[i] === null || cpu1[i] === null) throw new Error(`the ${l.key} loop exited`);
      if (l.key !== 'idle' && l.last?.children !== options.children)
        throw new Error(
          `the ${l.key} loop saw ${l.last?.children} of ${options.children} children (${l.last?.problem})`,
        );
      return { key: l.key, percent: ((cpu1[i]! - cpu0[i]!) / elapsed) * 100, elapsed };
    });
  } finally {
    await Promise.all(loops.map((l) => stopChild(l.child)));
  }
}

export async function measureProcPaths(options: ProcPathsOptions): Promise<PartResult> {
  const tree = await startTree(options.children);
  try {
    const pid = tree.pid!;
    const { cpu, wall, variants } = await perSample(pid, options);
    const loops = await steady(pid, options);
    const percent = Object.fromEntries(loops.map((l) => [l.key, l.percent])) as Record<PathKey | 'idle', number>;
    const seconds = Math.round(loops[0]!.elapsed / 1000);
    const rows = (Object.keys(PATHS) as PathKey[]).map((key) => [
      `${key}: ${PATHS[key]}`,
      formatMs(cpu[key]!.mean),
      formatMs(cpu[key]!.median),
      formatMs(cpu[key]!.p95),
      formatMs(wall[key]!.median),
      (cpu[key]!.mean / 10).toFixed(3),
      percent[key].toFixed(3),
      formatRatio(cpu[key]!.mean / cpu.procfs!.mean),
    ]);
    rows.push(['baseline: idle Node (a 1 s timer), same window', '', '', '', '', '', percent.idle.toFixed(3), '']);
    const flawed = variants.filter((v) => v.flawed).map((v) => `${v.key} ${v.flawed}`);
    const psPercent = percent.ps;
    return {
      tables: [
        {
          title: `Process paths side by side: a parent and ${options.children} children, ${options.rounds} alternating rounds, then ${seconds} s at 1 s`,
          columns: [
            'path',
            'CPU ms mean',
            'CPU ms median',
            'CPU ms p95',
            'wall ms median',
            '% of a core at 1 s (mean ÷ 1 s)',
            '% of a core, sampling at 1 s',
            'CPU ÷ /proc',
          ],
          rows,
          notes: [
            `One sample is sampleTree(parent) of the source alone (no Dask, no sampler): its CPU and that of the child processes it waited for (ps, pgrep; systeminformation's ps and cat), in alternating rounds as in the sample-cost table. The ps source's clock moves 1 s per sample, so its reads (every ${FIGURES_EVERY_MS / 1000} s, in the background) fall on every fifth sample and each is awaited within the sample that started it: the mean is the cost per tick, the median a tick that only probes with signal 0.`,
            `Sampling at 1 s: each path in its own Node process calling sampleTree once a second for ${seconds} s (after ${Math.round(options.warmupMs / 1000)} s left out), all at once beside an idle Node; utime + stime + cutime + cstime from /proc/PID/stat over wall time, in 10 ms ticks (±${(1000 / loops[0]!.elapsed).toFixed(3)} points).`,
            `The ps path here runs procps-ng's ps, whose -p reads every /proc/PID on the machine and filters (procps src/ps/display.c); Apple's ps does one in-kernel table copy and its per-task work for the listed pids only (adv_cmds ps/ps.c), and adds one ps -M call per read for the threads. macOS figures are not measured here.${flawed.length ? ` Samples that saw the wrong tree (kept): ${flawed.join(', ')}.` : ''}`,
          ],
        },
      ],
      targets: [
        {
          target: `ps path (macOS's, procps here), ${options.children} children: ≤ 0.5 % of one core at 1 s`,
          figure: `${psPercent.toFixed(3)} % sampling at 1 s (idle Node ${percent.idle.toFixed(3)} %), ${(cpu.ps!.mean / 10).toFixed(3)} % from the per-sample mean; systeminformation ${percent.si.toFixed(2)} %, /proc ${percent.procfs.toFixed(3)} %${options.judge ? '' : ` (quick: ${seconds} s)`}`,
          met: options.judge ? psPercent <= TARGET_PS_PERCENT : null,
          note: '',
        },
      ],
    };
  } finally {
    stopTree(tree);
    await stopChild(tree, 1000);
  }
}
