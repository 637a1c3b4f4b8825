/**
 * The soak: the CLI's `watch` runs for a long while (10 minutes by default) against a real
 * `covalent start` that is restarted (`covalent restart`) every 30 s, while its workers are killed at
 * random. It fails on a crash, on a watch process whose memory grows or passes a bound, and on a
 * restart or a worker kill the watch did not report. The last line on stdout is a JSON report.
 *
 *   node dist/soak.js [--duration SECONDS] [--restart-every SECONDS] [--workers N] [--seed N] [--json]
 */
import fs from 'node:fs';
import { type ClusterFixture, findDaskPython, startCluster } from '../testing/cluster-fixture';
import { readTruth, workerProcesses } from '../testing/proc-truth';
import type { Snapshot } from '../shared/snapshot';
import { type Watch, startWatch } from '../testing/run-cli';

interface SoakOptions {
  durationS: number;
  restartEveryS: number;
  workers: number;
  seed: number;
  /** The watch process's RSS must stay under this. */
  maxRssMb: number;
  /** Nor may its median RSS grow more than this from the first third of the run (after warm-up) to the last. */
  maxGrowthMb: number;
}

interface SoakReport {
  ok: boolean;
  failures: string[];
  options: SoakOptions;
  elapsedS: number;
  restarts: { from: number; to: number; stoppedSeen: boolean; startedSeen: boolean }[];
  kills: { pid: number; cluster: number; replacement: number | null; seen: boolean }[];
  rssMb: { min: number; max: number; earlyMedian: number; lateMedian: number; samples: number };
  watchExitCode: number | null;
  watchStderr: string;
}

const DEFAULTS: SoakOptions = {
  durationS: 600,
  restartEveryS: 30,
  workers: 2,
  seed: Date.now() % 1_000_000,
  maxRssMb: 150,
  maxGrowthMb: 20,
};
/** No worker is killed this close to a restart: its replacement must come, and be seen, first. */
const KILL_MARGIN_MS = 10_000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, Math.max(0, ms)));

function log(start: number, message: string) {
  process.stderr.write(`[${String(Math.round((Date.now() - start) / 1000)).padStart(4)}s] ${message}\n`);
}

/** A small seeded generator, so a failing run can be repeated with --seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function rssMb(pid: number): number | null {
  const truth = readTruth(pid);
  return truth ? truth.rssBytes / 1024 / 1024 : null;
}

function workerPids(clusterPid: number): number[] {
  return workerProcesses(clusterPid).map((c) => c.pid);
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? 0 : s[Math.floor(s.length / 2)]!;
}

async function until(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await sleep(100);
  }
  return true;
}

const round = (x: number) => Math.round(x * 10) / 10;

async function runSoak(partial: Partial<SoakOptions> = {}): Promise<SoakReport> {
  const options = { ...DEFAULTS, ...partial };
  const start = Date.now();
  const deadline = start + options.durationS * 1000;
  const next = random(options.seed);
  const failures: string[] = [];
  const restarts: { from: number; to: number }[] = [];
  const kills: { pid: number; cluster: number; replacement: number | null }[] = [];
  const rss: { at: number; mb: number }[] = [];

  const cluster: ClusterFixture = await startCluster({ workers: options.workers });
  log(start, `cluster ${cluster.pid} (${cluster.kind}) in ${cluster.configDir}; seed ${options.seed}`);
  const watch: Watch = startWatch([], cluster.env);
  let watchStderr = '';
  watch.child.stderr!.on('data', (d: Buffer) => (watchStderr += d.toString()));
  let watchExit: number | null | undefined;
  watch.child.once('exit', (code, signal) => {
    watchExit = code;
    if (Date.now() < deadline) failures.push(`watch exited early (code ${code}, signal ${signal})`);
  });
  const rssTimer = setInterval(() => {
    const mb = rssMb(watch.child.pid!);
    if (mb !== null) rss.push({ at: Date.now(), mb });
  }, 2000);

  /** The monitor shows this cluster running with every worker it knows by name. */
  const seenRunning = (pid: number) => (s: Snapshot) =>
    s.status === 'running' &&
    s.scheduler?.pid === pid &&
    s.workers.length === options.workers &&
    s.workers.every((w) => w.name !== null && w.pid !== null);

  const stopEverything = async () => {
    clearInterval(rssTimer);
    if (watchExit === undefined) {
      const code = await watch.stop();
      watchExit ??= code;
    }
    await cluster.dispose();
  };
  const onSignal = () => {
    log(start, 'interrupted: cleaning up');
    void stopEverything().then(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);

  try {
    while (Date.now() < deadline && watchExit === undefined) {
      const lifeEnd = Math.min(Date.now() + options.restartEveryS * 1000, deadline);
      const current = cluster.pid;
      try {
        await watch.waitForSnapshot(seenRunning(current), 30_000);
      } catch {
        failures.push(`cluster ${current} was never shown running with ${options.workers} named workers`);
      }
      // Kill workers at random moments, one at a time, while there is time for the replacement.
      for (;;) {
        const at = Date.now() + 2000 + next() * 6000;
        if (at > lifeEnd - KILL_MARGIN_MS) break;
        await sleep(at - Date.now());
        const latest = watch.snapshots.at(-1);
        const seen = new Set(latest?.scheduler?.pid === current ? latest.workers.map((w) => w.pid) : []);
        const candidates = workerPids(current).filter((p) => seen.has(p));
        if (candidates.length === 0) continue;
        const victim = candidates[Math.floor(next() * candidates.length)]!;
        const before = new Set(workerPids(current));
        try {
          process.kill(victim, 'SIGKILL');
        } catch {
          continue; // it exited by itself meanwhile
        }
        const kill = { pid: victim, cluster: current, replacement: null as number | null };
        kills.push(kill);
        await until(() => workerPids(current).some((p) => !before.has(p)), 20_000);
        kill.replacement = workerPids(current).find((p) => !before.has(p)) ?? null;
        log(start, `killed worker ${victim} of ${current}; replacement ${kill.replacement ?? 'none'}`);
        // The next kill waits until the monitor shows every worker again.
        await watch.waitForSnapshot(seenRunning(current), 20_000).catch(() => {
          const s = watch.snapshots.at(-1);
          log(
            start,
            `the watch did not show ${options.workers} named workers within 20 s; last: ${s?.status}: ${s?.reason} [${s?.workers.map((w) => `${w.name}:${w.pid}`).join(' ')}]; worker processes now: ${workerPids(current).join(' ') || 'none'}`,
          );
        });
      }
      await sleep(lifeEnd - Date.now());
      if (Date.now() >= deadline) break;
      await cluster.restart();
      restarts.push({ from: current, to: cluster.pid });
      log(start, `restarted: ${current} → ${cluster.pid}`);
    }
    // Let the last alerts come through, then Ctrl-C the watch, as a user would.
    await sleep(3000);
  } catch (err) {
    failures.push(`soak aborted: ${(err as Error).message}`);
  } finally {
    process.removeListener('SIGINT', onSignal);
    process.removeListener('SIGTERM', onSignal);
    await stopEverything();
  }

  const alerts = watch.alerts;
  const report: SoakReport = {
    ok: false,
    failures,
    options,
    elapsedS: Math.round((Date.now() - start) / 1000),
    restarts: restarts.map((r) => ({
      ...r,
      stoppedSeen: alerts.some(
        (a) => a.kind === 'cluster-stopped' && a.message.includes(`(process ${r.from}) stopped`),
      ),
      startedSeen: alerts.some((a) => a.kind === 'cluster-started' && a.message.includes(`(process ${r.to})`)),
    })),
    kills: kills.map((k) => ({
      ...k,
      seen: alerts.some((a) => a.kind === 'worker-restarted' && a.message.includes(`(pid ${k.pid} → `)),
    })),
    rssMb: { min: 0, max: 0, earlyMedian: 0, lateMedian: 0, samples: rss.length },
    watchExitCode: watchExit ?? null,
    watchStderr,
  };

  if (report.watchExitCode !== 0) failures.push(`watch exited with ${report.watchExitCode} on SIGINT, not 0`);
  if (report.watchStderr !== '') failures.push(`watch wrote to stderr: ${report.watchStderr.slice(0, 500)}`);
  for (const r of report.restarts) {
    if (!r.stoppedSeen) failures.push(`restart ${r.from} → ${r.to}: no cluster-stopped alert for ${r.from}`);
    if (!r.startedSeen) failures.push(`restart ${r.from} → ${r.to}: no cluster-started alert for ${r.to}`);
  }
  for (const k of report.kills) {
    if (k.replacement !== null && !k.seen)
      failures.push(
        `worker ${k.pid} of ${k.cluster} was killed and replaced by ${k.replacement}, but no worker-restarted alert said so`,
      );
  }
  // Memory: bounded, and not trending up once warmed up (the first fifth of the run).
  const warm = rss.filter((s) => s.at >= start + options.durationS * 200).map((s) => s.mb);
  if (rss.length > 0) {
    const third = Math.max(1, Math.floor(warm.length / 3));
    report.rssMb = {
      min: round(Math.min(...rss.map((s) => s.mb))),
      max: round(Math.max(...rss.map((s) => s.mb))),
      earlyMedian: round(median(warm.slice(0, third))),
      lateMedian: round(median(warm.slice(-third))),
      samples: rss.length,
    };
    if (report.rssMb.max >= options.maxRssMb)
      failures.push(`watch RSS reached ${report.rssMb.max} MB (limit ${options.maxRssMb} MB)`);
    if (report.rssMb.lateMedian - report.rssMb.earlyMedian > options.maxGrowthMb) {
      failures.push(
        `watch RSS grew from ${report.rssMb.earlyMedian} MB to ${report.rssMb.lateMedian} MB (limit +${options.maxGrowthMb} MB)`,
      );
    }
  } else {
    failures.push('no RSS samples of the watch process');
  }
  report.ok = failures.length === 0;
  return report;
}

function parseArgs(argv: string[]): { options: Partial<SoakOptions>; json: boolean } {
  const options: Partial<SoakOptions> = {};
  let json = false;
  const number = (flag: string, v: string | undefined, min: number): number => {
    const n = Number(v);
    if (v === undefined || !Number.isFinite(n) || n < min) throw new Error(`${flag} takes a number ≥ ${min}`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    switch (flag) {
      case '--duration':
        options.durationS = number(flag, argv[++i], 10);
        break;
      case '--restart-every':
        options.restartEveryS = number(flag, argv[++i], 15);
        break;
      case '--workers':
        options.workers = number(flag, argv[++i], 1);
        break;
      case '--seed':
        options.seed = number(flag, argv[++i], 0);
        break;
      case '--json':
        json = true;
        break;
      default:
        throw new Error(`unknown option ${flag}`);
    }
  }
  return { options, json };
}

async function main(): Promise<number> {
  let args: ReturnType<typeof parseArgs>;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    process.stderr.write(
      `soak: ${(err as Error).message}\nUsage: soak [--duration SECONDS] [--restart-every SECONDS] [--workers N] [--seed N] [--json]\n`,
    );
    return 2;
  }
  const python = findDaskPython();
  if (!('python' in python)) {
    process.stderr.write(`soak: ${python.missing}\n`);
    return 2;
  }
  if (!fs.existsSync('/proc/self/status')) {
    process.stderr.write("soak: needs Linux /proc to kill workers and read the watch process's memory\n");
    return 2;
  }
  const report = await runSoak(args.options);
  if (!args.json) {
    const seenKills = report.kills.filter((k) => k.seen).length;
    process.stderr.write(
      `soak ${report.ok ? 'passed' : 'FAILED'} after ${report.elapsedS} s: ${report.restarts.length} restarts, ` +
        `${report.kills.length} worker kills (${seenKills} reported), watch RSS ${report.rssMb.min}–${report.rssMb.max} MB\n`,
    );
    for (const f of report.failures) process.stderr.write(`  ✗ ${f}\n`);
  }
  process.stdout.write(`${JSON.stringify(report)}\n`);
  return report.ok ? 0 : 1;
}

// Exit when done: a fixture's stop leaves a grace timer behind that would hold the process 20 s more.
void main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`soak: ${(err as Error).stack ?? String(err)}\n`);
    process.exit(1);
  },
);
