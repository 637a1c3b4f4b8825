/**
 * Alert latency: from the moment a worker's RSS crosses 80 % of its limit, stamped inside the
 * worker by the task that fills it, to the monitor's worker-memory-high alert, stamped in onAlert.
 * Each run takes a worker that is armed again (below 70 %), after a random pause so the crossing
 * falls anywhere in the monitor's 1 s cycle.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { REARM_FRACTION } from '../shared/dask-thresholds';
import { CONFIRM_DELAY_MS, type Monitor, createMonitor } from '../main/monitor/monitor';
import type { Alert, WorkerSample } from '../shared/snapshot';
import { type ClusterFixture, pressWorker, startCluster } from '../testing/cluster-fixture';
import { type PartResult, formatMs } from './report';
import { summarize } from './stats';

const INTERVAL_MS = 1000;
const ALERT_FRACTION = 0.8;
const TARGET_SLACK_MS = 250;

export interface AlertOptions {
  workers: number;
  runs: number;
  /** How far the task fills the worker: past 0.8, short of Dask's 0.95 kill. */
  fraction: number;
  holdSeconds: number;
  judge: boolean;
}

async function waitFor<T>(pick: () => T | undefined, ms: number, what: () => string): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = pick();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`no ${what()} within ${ms} ms`);
    await sleep(50);
  }
}

export async function measureAlertLatency(fixture: ClusterFixture, options: AlertOptions): Promise<PartResult> {
  const alerts: { alert: Alert; atMs: number }[] = [];
  /** Each snapshot's workers at or over the alert fraction, and when the snapshot came. */
  const high: { name: string; atMs: number }[] = [];
  let cluster = fixture;
  let replacement: ClusterFixture | null = null;
  let monitor: Monitor | null = null;
  let restarts = 0;

  async function follow(f: ClusterFixture): Promise<Monitor> {
    const m = createMonitor({
      location: { path: f.configPath, source: '--config' },
      intervalMs: INTERVAL_MS,
      alertFraction: ALERT_FRACTION,
    });
    m.onAlert((alert) => alerts.push({ alert, atMs: Date.now() }));
    m.onSnapshot((s) => {
      const atMs = Date.now();
      for (const w of s.workers)
        if (w.name !== null && w.memoryFraction !== null && w.memoryFraction >= ALERT_FRACTION)
          high.push({ name: w.name, atMs });
    });
    m.start();
    await waitFor(
      () => {
        const s = m.latest();
        return s?.status === 'running' &&
          s.workers.length === options.workers &&
          s.workers.every((w) => w.name !== null && w.pid !== null)
          ? s
          : undefined;
      },
      30_000,
      () =>
        `running snapshot with ${options.workers} named workers (last: ${m.latest()?.status}: ${m.latest()?.reason})`,
    );
    return m;
  }

  const armed = (w: WorkerSample) => w.name !== null && w.memoryFraction !== null && w.memoryFraction < REARM_FRACTION;
  const latencies: number[] = [];
  /** Crossing → the first sample that saw the worker high; that sample → the alert. */
  const toFirstSight: number[] = [];
  const toConfirm: number[] = [];
  const runs: string[] = [];
  try {
    monitor = await follow(cluster);
    let next = 0;
    for (let run = 0; run < options.runs; run++) {
      // The next worker in turn that is below 70 %: a worker that held on to its memory is not armed.
      const pick = () => {
        const ws = [...(monitor!.latest()?.workers ?? [])].sort((a, b) => Number(a.name) - Number(b.name));
        for (let k = 0; k < ws.length; k++) {
          const w = ws[(next + k) % ws.length]!;
          if (armed(w)) return { name: w.name!, index: (next + k) % ws.length };
        }
        return undefined;
      };
      let target = pick() ?? (await waitFor(pick, 20_000, () => 'armed worker').catch(() => undefined));
      if (!target) {
        // Every worker kept its memory: a fresh cluster has armed workers again.
        monitor.stop();
        await replacement?.dispose();
        replacement = await startCluster({ workers: options.workers, memoryLimit: '400MB' });
        cluster = replacement;
        restarts++;
        monitor = await follow(cluster);
        target = await waitFor(pick, 20_000, () => 'armed worker on a fresh cluster');
      }
      next = target.index + 1;
      await sleep(Math.random() * INTERVAL_MS);
      const since = alerts.length;
      const startedAt = Date.now();
      const press = pressWorker(cluster, target.name, options.fraction, options.holdSeconds, ALERT_FRACTION);
      try {
        const hit = await waitFor(
          () =>
            alerts.slice(since).find((a) => a.alert.kind === 'worker-memory-high' && a.alert.worker === target.name),
          60_000,
          () => `worker-memory-high alert for worker ${target.name}`,
        );
        const result = await press.done;
        if (result.done !== true || typeof result.stamp !== 'number') {
          throw new Error(
            `the pressure task on worker ${target.name} did not finish with a stamp: ${JSON.stringify(result)}`,
          );
        }
        const latency = hit.atMs - result.stamp * 1000;
        if (latency < 0 || result.stamp * 1000 < startedAt - 1000) {
          throw new Error(
            `worker ${target.name} alerted ${formatMs(-latency)} ms before crossing 80 %: the alert is not from this run`,
          );
        }
        latencies.push(latency);
        runs.push(`${target.name}: ${formatMs(latency)}`);
        const seen = high.find((h) => h.name === target.name && h.atMs >= startedAt);
        if (seen) {
          toFirstSight.push(seen.atMs - result.stamp * 1000);
          toConfirm.push(hit.atMs - seen.atMs);
        }
      } finally {
        press.stop();
      }
    }
  } finally {
    monitor?.stop();
    await replacement?.dispose();
  }

  const s = summarize(latencies);
  const sight = summarize(toFirstSight);
  const confirm = summarize(toConfirm);
  const target = INTERVAL_MS + TARGET_SLACK_MS;
  return {
    tables: [
      {
        title: `Alert latency: RSS crosses 80 % inside the worker → worker-memory-high (${s.n} runs, ${options.workers} workers, interval 1 s)`,
        columns: ['measure', 'median ms', 'p95 ms', 'max ms', 'min ms'],
        rows: [
          ['crossing → alert', formatMs(s.median), formatMs(s.p95), formatMs(s.max), formatMs(s.min)],
          [
            '  crossing → first sample that sees it (waits for a tick)',
            formatMs(sight.median),
            formatMs(sight.p95),
            formatMs(sight.max),
            formatMs(sight.min),
          ],
          [
            `  that sample → alert (${CONFIRM_DELAY_MS} ms + confirming sample)`,
            formatMs(confirm.median),
            formatMs(confirm.p95),
            formatMs(confirm.max),
            formatMs(confirm.min),
          ],
        ],
        notes: [
          `Each run: a task pinned to one worker allocates to ${Math.round(options.fraction * 100)} % of its 400 MB limit and holds ${options.holdSeconds} s (testing/python/dask_pressure.py); it stamps time.time() when the worker's RSS first reaches 80 %. The monitor runs in this process (createMonitor, interval 1 s, alert fraction 0.8) and onAlert stamps Date.now(); both are the same wall clock.`,
          `The monitor alerts on the second of two samples over 80 %: the next tick finds the worker high, and a confirming sample follows ${CONFIRM_DELAY_MS} ms later. A crossing lands anywhere in the 1 s cycle, so by design the latency is 0–${INTERVAL_MS} ms of waiting plus ${CONFIRM_DELAY_MS} ms plus two samples: its p95 is about ${0.95 * INTERVAL_MS + CONFIRM_DELAY_MS} ms plus two samples, ${INTERVAL_MS + TARGET_SLACK_MS - 0.95 * INTERVAL_MS - CONFIRM_DELAY_MS} ms under the target. With ${options.runs} runs the p95 (nearest rank) is the ${options.runs < 20 ? 'maximum' : `${Math.ceil(0.95 * options.runs)}th value`}.`,
          `Runs (worker: ms): ${runs.join(', ')}.${restarts ? ` The cluster was restarted ${restarts} time(s) because no worker had fallen below 70 % again.` : ''}`,
        ],
      },
    ],
    targets: [
      {
        target: 'alert latency ≤ interval + 250 ms at p95',
        figure: `p95 ${formatMs(s.p95)} ms, median ${formatMs(s.median)} ms, max ${formatMs(s.max)} ms over ${s.n} runs (target ${target} ms)`,
        met: options.judge ? s.p95 <= target : null,
        note:
          options.judge && s.p95 > target
            ? `the design bound alone is ${INTERVAL_MS + CONFIRM_DELAY_MS} ms plus two samples; what is over it is sampling time (the first sample waits up to 200 ms for Dask before the alert tracker runs) or a late tick`
            : options.judge
              ? ''
              : `quick: ${s.n} run(s) only`,
      },
    ],
  };
}
