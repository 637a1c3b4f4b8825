/**
 * The workflows watch against a real `covalent start` (issue 13): the CPU of one round of asking
 * Covalent's server, idle and while a workflow runs, and what that costs at its schedule (every
 * 5 s idle, 2 s while something runs); and how soon after Covalent records a workflow's end the
 * watch has its alert (alert time − Covalent's own end time from its Python API).
 */
import { performance } from 'node:perf_hooks';
import { type ClusterFixture, endWorkflow, streamTasks } from '../testing/cluster-fixture';
import { WORKFLOW_POLL, createWorkflowsWatch } from '../main/monitor/covalent/workflows-watch';
import type { Alert } from '../shared/snapshot';
import { type PartResult, formatMs } from './report';
import { summarize } from './stats';

export interface WorkflowsPollOptions {
  rounds: number;
  latencyRuns: number;
  judge: boolean;
}

/** At its schedule, the watch may cost this much of one core. */
const TARGET_CPU_PERCENT = 0.1;
/** Its alert comes within one round of the running schedule, plus the round's own requests. */
const TARGET_LATENCY_MS = WORKFLOW_POLL.runningMs + 500;

const cpuMs = (u: NodeJS.CpuUsage) => (u.user + u.system) / 1000;

async function measureRounds(poll: () => Promise<void>, rounds: number) {
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < rounds; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await poll();
    wall.push(performance.now() - t0);
    cpu.push(cpuMs(process.cpuUsage(c0)));
  }
  return { cpu: summarize(cpu), wall: summarize(wall) };
}

/** Waits for `test`, calling `step` (if given) before each look. */
async function until(test: () => boolean, ms: number, what: string, step?: () => Promise<void>) {
  const t0 = performance.now();
  for (;;) {
    await step?.();
    if (test()) return;
    if (performance.now() - t0 > ms) throw new Error(`${what} within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function measureWorkflowsPoll(
  fixture: ClusterFixture,
  options: WorkflowsPollOptions,
): Promise<PartResult> {
  if (fixture.kind !== 'covalent' || !fixture.serverUrl)
    throw new Error('the workflows part needs the real covalent start');
  const base = new URL(fixture.serverUrl);

  // CPU of a round, on a watch polled by hand.
  const manual = createWorkflowsWatch();
  manual.follow(base);
  await manual.poll();
  if (manual.sample().reachable !== true)
    throw new Error(`Covalent's server did not answer: ${manual.sample().problem}`);
  const idle = await measureRounds(manual.poll, options.rounds);
  // 12 electrons of 1 s on the workers: long enough to measure rounds while it runs.
  const stream = streamTasks(fixture, 12, 1);
  let running: Awaited<ReturnType<typeof measureRounds>>;
  try {
    await until(() => manual.sample().running.length > 0, 60_000, 'no workflow ran', manual.poll);
    running = await measureRounds(manual.poll, options.rounds);
    // Let it end, so that the latency runs do not queue behind it.
    await stream.done;
  } finally {
    stream.stop();
  }
  manual.stop();

  // Latency: a watch on its own schedule, as the monitor runs it, and workflows that end.
  const alerts: { alert: Alert; at: number }[] = [];
  const live = createWorkflowsWatch({ onEnded: (a) => alerts.push(...a.map((alert) => ({ alert, at: Date.now() }))) });
  live.follow(base);
  live.start();
  const latencies: number[] = [];
  try {
    await until(() => live.sample().recent.length > 0 || live.sample().totals !== null, 30_000, 'no answer');
    for (let i = 0; i < options.latencyRuns; i++) {
      const run = endWorkflow(fixture, 'completed', 1);
      const truth = await run.done;
      if (truth.status !== 'COMPLETED') throw new Error(`the workflow did not complete: ${JSON.stringify(truth)}`);
      await until(() => alerts.some((a) => a.alert.dispatch?.id === truth.dispatch_id), 30_000, 'no alert');
      const seen = alerts.find((a) => a.alert.dispatch?.id === truth.dispatch_id)!;
      latencies.push(seen.at - Date.parse(`${String(truth.ended_at)}Z`));
    }
  } finally {
    live.stop();
  }
  const latency = summarize(latencies);

  const perMinute = (median: number, everyMs: number) => (median * (60_000 / everyMs)) / 600;
  const idlePercent = perMinute(idle.cpu.median, WORKFLOW_POLL.idleMs);
  const runningPercent = perMinute(running.cpu.median, WORKFLOW_POLL.runningMs);
  const quick = options.judge ? '' : ` (quick: ${options.rounds} rounds, ${options.latencyRuns} runs)`;
  return {
    tables: [
      {
        title: `Covalent's server, asked by the workflows watch (${options.rounds} rounds each)`,
        columns: ['round', 'requests', 'CPU ms median', 'CPU ms p95', 'wall ms median', 'every', '% of one core'],
        rows: [
          [
            'idle (nothing runs)',
            'overview',
            formatMs(idle.cpu.median),
            formatMs(idle.cpu.p95),
            formatMs(idle.wall.median),
            `${WORKFLOW_POLL.idleMs / 1000} s`,
            idlePercent.toFixed(4),
          ],
          [
            'a workflow runs',
            'overview + running list',
            formatMs(running.cpu.median),
            formatMs(running.cpu.p95),
            formatMs(running.wall.median),
            `${WORKFLOW_POLL.runningMs / 1000} s`,
            runningPercent.toFixed(4),
          ],
        ],
        notes: [
          "CPU: process.cpuUsage() of the benchmark's process around one round (the server's own CPU is Covalent's, not counted); % of one core = the median round at the watch's schedule.",
          `Alert latency over ${latencies.length} workflows that completed (3 chained 1 s electrons): alert time − Covalent's end time (ct.get_result's end_time): median ${formatMs(latency.median)} ms, max ${formatMs(latency.max)} ms.`,
        ],
      },
    ],
    targets: [
      {
        target: `workflows watch at its schedule: ≤ ${TARGET_CPU_PERCENT} % of one core`,
        figure: `idle ${idlePercent.toFixed(4)} %, while one runs ${runningPercent.toFixed(4)} %${quick}`,
        met: options.judge ? Math.max(idlePercent, runningPercent) <= TARGET_CPU_PERCENT : null,
        note: '',
      },
      {
        target: `a workflow's end to its alert: ≤ ${TARGET_LATENCY_MS / 1000} s`,
        figure: `median ${formatMs(latency.median)} ms, max ${formatMs(latency.max)} ms over ${latencies.length}${quick}`,
        met: options.judge ? latency.max <= TARGET_LATENCY_MS : null,
        note: '',
      },
    ],
  };
}
