/**
 * Cost of one sample of a real cluster, eleven ways, alternating: the project's sampler as the
 * monitor runs it each tick (/proc, and Dask HTTP when poll-schedule.ts calls for it), the same
 * asking Dask at every sample, its process part alone, the same sampler over the ps source
 * (macOS's path, over procps here) and over systeminformation.processes(), Dask HTTP alone
 * (identity + counts, and identity alone), the worker list over Dask's protocol (alone, and with
 * each worker's tasks), a single HTTP request, and the monitor's whole sample.
 */
import { type ClusterSample, type SampleOptions, createClusterSampler } from '../main/monitor/cluster-sampler';
import { createConfigSource } from '../main/monitor/config/config-source';
import http from 'node:http';
import { MAX_BODY_BYTES, createDaskPoller, daskBaseUrl } from '../main/monitor/dask/dask-poller';
import { DASK_REFRESH_MS } from '../main/monitor/dask/poll-schedule';
import { parseCommAddress } from '../main/monitor/dask/comm/comm-client';
import { createSchedulerComm } from '../main/monitor/dask/comm/scheduler-comm';
import { httpGet } from '../main/monitor/dask/http-get';
import { DASK_WAIT_MS, MAX_HTTP_TIMEOUT_MS as HTTP_TIMEOUT_MS, createMonitor } from '../main/monitor/monitor';
import type { ProcessSource } from '../main/monitor/proc/process-source';
import { createProcfsSource } from '../main/monitor/proc/procfs-source';
import { createPsSource } from '../main/monitor/proc/ps-source';
import { createSiSource } from '../main/monitor/proc/si-source';
import type { ClusterFixture } from '../testing/cluster-fixture';
import { IDLE_BEFORE_RUN_MS, type Variant, costCells, runAlternating, summaries, variant } from './alternating-rounds';
import { type PartResult, type TargetCheck, formatMs, formatRatio, protocolTarget } from './report';
import { summarize } from './stats';
import { trackPolls } from './tracked-poller';

/** systeminformation.processes() answers from its cache within 500 ms of its last answer: leave more. */
const SI_SPACING_MS = 600;

const TARGET_CPU_MS = 2;
const TARGET_SI_RATIO = 20;

export function checkSample(snapshot: ClusterSample, workers: number, matched: boolean): string | null {
  if (snapshot.verdict.kind !== 'cluster') return `the cluster was not recognised (${snapshot.verdict.kind})`;
  if (snapshot.workers.length !== workers) return `${snapshot.workers.length} of ${workers} workers seen`;
  if (matched && snapshot.workers.some((w) => w.pid === null || w.name === null))
    return 'worker processes not matched to Dask workers';
  if (!snapshot.dashboard.reachable || snapshot.dashboard.problem)
    return `Dask's HTTP answer failed (${snapshot.dashboard.problem})`;
  return null;
}

export interface SampleCostOptions {
  workers: number;
  rounds: number;
  warmupRounds: number;
  /** The targets are set for 8 workers: judge them here, show them unjudged (a quick run), or leave them out. */
  targets: 'judge' | 'unjudged' | 'none';
}

export async function measureSampleCost(fixture: ClusterFixture, options: SampleCostOptions): Promise<PartResult> {
  const { workers } = options;
  const location = { path: fixture.configPath, source: '--config' as const };
  const state = createConfigSource(location).refresh();
  const config = state.config;
  const base = daskBaseUrl(config?.dashboardLink ?? null);
  if (!config || !base) throw new Error(`the cluster's config ${fixture.configPath} has no usable dashboard link`);
  const written = state.pidWrittenAtMs;
  const late = { A: 0, B: 0 };
  const closers: (() => void)[] = [];

  function samplerVariant(
    key: 'A' | 'A-now' | 'A-proc' | 'B' | 'P',
    label: string,
    dask: SampleOptions['dask'],
  ): Variant {
    const tracked = trackPolls(createDaskPoller({ timeoutMs: HTTP_TIMEOUT_MS }));
    closers.push(() => tracked.poller.close());
    // Each sample is a monitor tick 1 s after the last, whatever the rounds' real spacing: the
    // sampler's Dask schedule (poll-schedule.ts) then runs as it does in the tray, and so do the
    // ps source's reads (every 5 s; each awaited within the sample that started it).
    let clock = Date.now();
    const ps = key === 'P' ? createPsSource({ flavour: 'procps', now: () => clock }) : null;
    const source: ProcessSource = ps ?? (key === 'B' ? createSiSource() : createProcfsSource());
    const sampler = createClusterSampler({
      source,
      poller: tracked.poller,
      daskWaitMs: DASK_WAIT_MS,
      now: () => (clock += 1000),
    });
    // The process-only variant re-uses Dask's last answer, as the monitor's confirming sample does;
    // its first run (always a warm-up run) fetches one.
    let fetched = dask !== 'skip';
    return variant(
      key,
      label,
      async (self) => {
        const s = await sampler.sample(config!, written, { dask: fetched ? dask : 'now' });
        await ps?.idle();
        const settled = await tracked.settle();
        fetched = true;
        if (settled.late && (key === 'A' || key === 'B')) late[key]++;
        // Off /proc no socket is tied to a process: no pid for Dask's workers to be matched by.
        self.problem = checkSample(s, workers, key !== 'B' && key !== 'P');
      },
      key === 'B' ? SI_SPACING_MS : undefined,
    );
  }

  const a = samplerVariant('A', "project's sampler, a tick at 1 s (/proc; Dask HTTP as scheduled)", 'scheduled');
  const an = samplerVariant('A-now', 'the same, asking Dask over HTTP at every sample', 'now');
  const p = samplerVariant('A-proc', 'its process part alone (/proc; Dask answer re-used)', 'skip');
  const b = samplerVariant('B', 'same sampler over systeminformation.processes()', 'scheduled');
  const ps = samplerVariant('P', 'same sampler over the ps source (macOS path; procps ps here)', 'scheduled');
  const poller = createDaskPoller({ timeoutMs: HTTP_TIMEOUT_MS });
  closers.push(() => poller.close());
  const listed = (n: number | undefined, problem: string | null) =>
    n === workers ? null : `Dask listed ${n ?? 'no'} workers (${problem})`;
  const c = variant('C', 'Dask HTTP alone (poller.poll: identity + counts)', async (self) => {
    const poll = await poller.poll(base);
    self.problem = listed(poll.identity?.workers.length, poll.problem);
  });
  const ci = variant('C-id', 'Dask HTTP: identity.json alone', async (self) => {
    const poll = await poller.poll(base, { identity: true, counts: false });
    self.problem = listed(poll.identity?.workers.length, poll.problem);
  });
  const address = parseCommAddress(config.schedulerAddress);
  if (!address.ok) throw new Error(`the cluster's scheduler address cannot be asked: ${address.reason}`);
  const comm = createSchedulerComm(address.endpoint, { connectMs: HTTP_TIMEOUT_MS, requestMs: HTTP_TIMEOUT_MS });
  closers.push(() => comm.close());
  const pi = variant('D', "Dask's protocol: identity (what replaces C-id)", async (self) => {
    const r = await comm.identity();
    self.problem = listed(r.ok ? r.identity.workers.length : undefined, r.ok ? null : r.reason);
  });
  const pp = variant('D+', 'the same + processing (each worker’s tasks), as each sample asks', async (self) => {
    const [r, t] = [await comm.identity(), await comm.processing()];
    self.problem = !t.ok ? t.reason : listed(r.ok ? r.identity.workers.length : undefined, r.ok ? null : r.reason);
  });
  // One request for a 2-byte body, through the core's httpGet and a keep-alive agent as the poller's:
  // what any request costs, whatever it asks for.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
  closers.push(() => agent.destroy());
  const h = variant('H', 'one HTTP request alone (/health, 2-byte body)', async (self) => {
    const res = await httpGet(new URL('health', base), { timeoutMs: HTTP_TIMEOUT_MS, maxBytes: MAX_BODY_BYTES, agent });
    self.problem =
      res.kind === 'response' && res.status === 200
        ? null
        : `/health did not answer ok (${res.kind === 'failed' ? res.message : res.status})`;
  });
  const monitor = createMonitor({ location, intervalMs: 1000 });
  closers.push(() => monitor.stop());
  const m = variant('M', "monitor's whole sample (A + config check, status, alerts, snapshot)", async (self) => {
    const s = await monitor.sampleOnce();
    self.problem =
      s.status === 'running' && s.workers.length === workers ? null : `the monitor says ${s.status}: ${s.reason}`;
  });
  const variants = [a, an, p, ps, b, c, ci, pi, pp, h, m];

  try {
    await runAlternating(variants, {
      rounds: options.rounds,
      warmupRounds: options.warmupRounds,
      warmupLimitMs: 60_000,
    });
  } finally {
    for (const close of closers) close();
  }

  const cpu = summaries(variants, 'cpuMs');
  const wall = summaries(variants, 'wallMs');
  const childCpu = summarize(b.costs.map((x) => x.childCpuMs));
  if (childCpu.max === 0)
    throw new Error('systeminformation.processes() ran no `ps`: its cache answered, so B was not measured');

  const rows = variants.map((v) => [
    ...costCells(v, cpu, wall),
    v === a ? '1' : formatRatio(cpu[v.key]!.median / cpu.A!.median),
    v === a ? '1' : formatRatio(wall[v.key]!.median / wall.A!.median),
  ]);
  const flawed = variants.filter((v) => v.flawed).map((v) => `${v.key} ${v.flawed}`);
  const notes = [
    `CPU: this process's user + system time around the awaited sample (every thread, so GC and libuv count), plus the CPU of the child processes it waited for meanwhile (cutime + cstime). Ratios are of medians. ${options.rounds} rounds after ${options.warmupRounds} or more warm-up rounds; each round runs every variant once, in a freshly shuffled order, each run after ${IDLE_BEFORE_RUN_MS} ms idle, so every variant samples about once a second as the monitor does (run back to back, a warm process does the same work for about half the CPU). The variants share one process, so one's garbage may be collected during another's sample: that errs against the cheap variants (A), never for them.`,
    `B: systeminformation.processes() runs \`ps\`, then one \`cat /proc/PID/stat\` per process on the machine; those child processes account for ${formatMs(childCpu.median)} ms (median; mean ${formatMs(childCpu.mean)}) of its CPU per sample, counted in 10 ms clock ticks. Every B call started ≥ ${SI_SPACING_MS} ms after the previous one ended, so systeminformation's 500 ms cache never answered.`,
    `P: the ps source probes each watched pid with signal 0 every sample and runs ps for their figures every 5 s of sampler time (every fifth sample); its mean, ${formatMs(cpu.P!.mean)} ms, is the cost per tick, ${((cpu.P!.mean / 1000) * 100).toFixed(3)} % of a core at 1 s. It re-lists the children (pgrep) only on a change, which a steady cluster never makes.`,
    `A and B await the sampler's Dask poll to its end even when the sampler stops waiting (after ${DASK_WAIT_MS} ms): that happened in ${late.A + late.B} of ${2 * options.rounds} samples.${flawed.length ? ` Samples whose Dask answer failed (kept in the figures): ${flawed.join(', ')}.` : ''}`,
  ];

  const judge = options.targets === 'judge';
  const scope = judge ? '' : ` (measured on ${workers} workers; the target is for 8)`;
  const cpuA = cpu.A!.median;
  const meanA = cpu.A!.mean;
  const ratio = cpu.B!.median / cpuA;
  const parts = `process part ${formatMs(cpu['A-proc']!.median)} ms, Dask HTTP alone ${formatMs(cpu.C!.median)} ms`;
  const targets: TargetCheck[] = [
    {
      target: 'one sample, 8 workers: CPU ≤ 2 ms',
      figure: `A ${formatMs(meanA)} ms mean over ticks, ${formatMs(cpuA)} ms median, ${formatMs(cpu.A!.p95)} ms p95; asking Dask at every sample (A-now) ${formatMs(cpu['A-now']!.median)} ms median${scope}`,
      // Judged on the mean: it carries the ticks that ask Dask, so it is the cost a day of ticks adds up to.
      met: judge ? meanA <= TARGET_CPU_MS : null,
      note: `${parts}; one HTTP request alone ${formatMs(cpu.H!.median)} ms (H). The sampler asks Dask every ${DASK_REFRESH_MS / 1000} s while all is calm, at every tick while a worker is near its limit, unnamed, or Dask did not answer`,
    },
    {
      target: 'one sample, 8 workers: ≥ 20× cheaper than the systeminformation.processes() path',
      figure: `B ÷ A = ${formatRatio(ratio)} CPU, ${formatRatio(wall.B!.median / wall.A!.median)} wall${scope}`,
      met: judge ? ratio >= TARGET_SI_RATIO : null,
      note: judge && ratio < TARGET_SI_RATIO ? 'both pay for Dask HTTP: a cheaper poll raises the ratio' : '',
    },
  ];
  const stats = comm.stats();
  targets.push(
    protocolTarget(
      workers,
      cpu,
      { http: 'C-id', protocol: 'D', withTasks: 'D+' },
      judge,
      `D and D+ share one client: ${stats.connects} connection(s) for ${stats.requests} requests`,
    ),
  );
  return {
    tables: [
      {
        title: `Cost of one sample: ${workers} workers, ${options.rounds} alternating rounds`,
        columns: ['variant', 'CPU ms median', 'CPU ms p95', 'wall ms median', 'wall ms p95', 'CPU ÷ A', 'wall ÷ A'],
        rows,
        notes,
      },
    ],
    targets: options.targets === 'none' ? [] : targets,
  };
}
