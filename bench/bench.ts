/**
 * The benchmark (issue 5): cost of one sample, steady CPU and memory, alert latency, scale to
 * 1,000 workers and the panel with 256. Prints a table and writes bench/RESULTS.md.
 * `--quick` runs every part with tiny counts on one small cluster, to prove the benchmark works:
 * it exits non-zero only when a part breaks, never on a figure.
 */
import fs from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { type ClusterFixture, disposeAll, startCluster } from '../testing/cluster-fixture';
import { measureAlertLatency } from './alert-latency';
import { killTracked } from './child-processes';
import { HEAP_CHILD_FLAG, measureHeapGrowth, runHeapChild } from './heap-growth';
import { SERVE_IDENTITY_FLAG, measureIdentityScale, runIdentityServer } from './identity-scale';
import { readMachineInfo } from './machine-info';
import { measureHiddenPanel } from './panel-hidden';
import { measurePanelUpdate } from './panel-update';
import { PATH_LOOP_FLAG, measureProcPaths, runPathLoop } from './proc-paths';
import { type PartResult, type RunReport, renderMarkdown, renderText } from './report';
import { measureSampleCost } from './sample-cost';
import { measureSteadyState } from './steady-state';
import { measureWorkflowsPoll } from './workflows-poll';

const RESULTS = path.resolve(__dirname, '..', 'bench', 'RESULTS.md');

interface Plan {
  quick: boolean;
  /** Cluster sizes for the sample cost, in the order they run. */
  sizes: number[];
  sampleRounds: number;
  warmupRounds: number;
  /** The cluster size the heap part runs on. */
  heapOn: number;
  /** The cluster size the steady-state and alert-latency parts run on. */
  steadyOn: number;
  heapSamples: number;
  heapEvery: number;
  watchWarmupMs: number;
  watchWindowMs: number;
  alertRuns: number;
  alertHoldSeconds: number;
  scaleWorkers: number;
  scaleRounds: number;
  panelWorkers: number;
  panelPairs: number;
  /** The hidden panel: cluster sizes, each window's length, rounds. */
  hiddenWorkerCounts: number[];
  hiddenWindowMs: number;
  hiddenRounds: number;
  pathChildren: number;
  pathRounds: number;
  pathWarmupMs: number;
  pathWindowMs: number;
  workflowRounds: number;
  workflowLatencyRuns: number;
}

const FULL: Plan = {
  quick: false,
  sizes: [2, 8, 32],
  sampleRounds: 60,
  warmupRounds: 3,
  heapOn: 2,
  steadyOn: 8,
  heapSamples: 10_000,
  heapEvery: 1_000,
  watchWarmupMs: 5_000,
  watchWindowMs: 120_000,
  alertRuns: 10,
  alertHoldSeconds: 3,
  scaleWorkers: 1_000,
  scaleRounds: 60,
  panelWorkers: 256,
  panelPairs: 60,
  hiddenWorkerCounts: [8, 256],
  hiddenWindowMs: 15_000,
  hiddenRounds: 2,
  pathChildren: 8,
  pathRounds: 60,
  pathWarmupMs: 6_000,
  pathWindowMs: 120_000,
  workflowRounds: 60,
  workflowLatencyRuns: 5,
};

const QUICK: Plan = {
  quick: true,
  sizes: [2],
  sampleRounds: 3,
  warmupRounds: 1,
  heapOn: 2,
  steadyOn: 2,
  heapSamples: 100,
  heapEvery: 10,
  watchWarmupMs: 1_500,
  watchWindowMs: 3_000,
  alertRuns: 1,
  alertHoldSeconds: 1,
  scaleWorkers: 1_000,
  scaleRounds: 3,
  panelWorkers: 256,
  panelPairs: 4,
  hiddenWorkerCounts: [256],
  hiddenWindowMs: 2_000,
  hiddenRounds: 1,
  pathChildren: 8,
  pathRounds: 3,
  pathWarmupMs: 1_500,
  pathWindowMs: 3_000,
  workflowRounds: 3,
  workflowLatencyRuns: 1,
};

const USAGE = `Usage: node dist/bench.js [--quick] [--only PARTS] [--sizes N,N] [--out FILE]

  --quick       every part with tiny counts (well under a minute): checks the benchmark, not the figures
    --only PARTS  comma-separated: sample,heap,steady,alert,scale,panel,paths,workflows
  --sizes N,N   the cluster sizes to run (default 2,8,32; the steady and alert parts need 8)
  --out FILE    where to write the results (default bench/RESULTS.md; a quick run writes none unless asked)`;

const PARTS = ['sample', 'heap', 'steady', 'alert', 'scale', 'panel', 'paths', 'workflows'] as const;
type PartName = (typeof PARTS)[number];

interface Args {
  plan: Plan;
  only: Set<PartName>;
  out: string | null;
}

function parseArgs(argv: readonly string[]): Args {
  let quick = false;
  let only = new Set<PartName>(PARTS);
  let out: string | undefined;
  let sizes: number[] | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--quick') quick = true;
    else if (arg === '--only' && argv[i + 1]) {
      const names = argv[++i]!.split(',');
      const unknown = names.filter((n) => !(PARTS as readonly string[]).includes(n));
      if (unknown.length) throw new Error(`unknown part ${unknown.join(', ')}\n\n${USAGE}`);
      only = new Set(names as PartName[]);
    } else if (arg === '--sizes' && argv[i + 1]) {
      sizes = argv[++i]!.split(',').map(Number);
      if (sizes.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`--sizes takes worker counts\n\n${USAGE}`);
    } else if (arg === '--out' && argv[i + 1]) out = path.resolve(argv[++i]!);
    else throw new Error(`unexpected argument ${arg}\n\n${USAGE}`);
  }
  const plan = quick ? QUICK : FULL;
  return { plan: sizes ? { ...plan, sizes } : plan, only, out: out === undefined ? (quick ? null : RESULTS) : out };
}

function log(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

async function main(argv: readonly string[]): Promise<number> {
  const { plan, only, out } = parseArgs(argv);
  const began = performance.now();
  const report: RunReport = { machine: readMachineInfo(), quick: plan.quick, parts: [], failures: [], durationS: 0 };

  async function part(name: string, run: () => Promise<PartResult>): Promise<void> {
    log(`${name} …`);
    const t0 = performance.now();
    try {
      report.parts.push(await run());
      log(`${name} done in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    } catch (err) {
      const error = (err as Error).stack ?? String(err);
      report.failures.push({ part: name, error });
      log(`${name} FAILED: ${error}`);
    }
  }

  for (const workers of plan.sizes) {
    const wanted =
      only.has('sample') ||
      (workers === plan.heapOn && (only.has('heap') || only.has('workflows'))) ||
      (workers === plan.steadyOn && (only.has('steady') || only.has('alert')));
    if (!wanted) continue;
    let fixture: ClusterFixture;
    try {
      log(`starting a ${workers}-worker cluster`);
      fixture = await startCluster({ workers, memoryLimit: '400MB' });
    } catch (err) {
      report.failures.push({ part: `${workers}-worker cluster`, error: (err as Error).stack ?? String(err) });
      continue;
    }
    try {
      if (only.has('sample')) {
        const targets = plan.quick ? 'unjudged' : workers === 8 ? 'judge' : 'none';
        await part(`sample cost, ${workers} workers`, () =>
          measureSampleCost(fixture, { workers, rounds: plan.sampleRounds, warmupRounds: plan.warmupRounds, targets }),
        );
      }
      if (workers === plan.heapOn && only.has('heap')) {
        await part('heap growth', () =>
          measureHeapGrowth(fixture, { workers, samples: plan.heapSamples, every: plan.heapEvery, judge: !plan.quick }),
        );
      }
      if (workers === plan.heapOn && only.has('workflows')) {
        await part("Covalent's workflows", () =>
          measureWorkflowsPoll(fixture, {
            rounds: plan.workflowRounds,
            latencyRuns: plan.workflowLatencyRuns,
            judge: !plan.quick,
          }),
        );
      }
      if (workers === plan.steadyOn && only.has('steady')) {
        await part('steady state', () =>
          measureSteadyState(fixture, {
            workers,
            warmupMs: plan.watchWarmupMs,
            windowMs: plan.watchWindowMs,
            judge: !plan.quick,
          }),
        );
      }
      if (workers === plan.steadyOn && only.has('alert')) {
        await part('alert latency', () =>
          measureAlertLatency(fixture, {
            workers,
            runs: plan.alertRuns,
            fraction: 0.86,
            holdSeconds: plan.alertHoldSeconds,
            judge: !plan.quick,
          }),
        );
      }
    } finally {
      const t0 = performance.now();
      await fixture.dispose();
      log(`stopped the ${workers}-worker cluster in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
  }
  if (only.has('scale')) {
    await part('scale', () =>
      measureIdentityScale({
        workers: plan.scaleWorkers,
        rounds: plan.scaleRounds,
        warmupRounds: plan.warmupRounds,
        judge: !plan.quick,
      }),
    );
  }
  if (only.has('paths')) {
    await part('process paths', () =>
      measureProcPaths({
        children: plan.pathChildren,
        rounds: plan.pathRounds,
        warmupRounds: plan.warmupRounds,
        warmupMs: plan.pathWarmupMs,
        windowMs: plan.pathWindowMs,
        judge: !plan.quick,
      }),
    );
  }
  if (only.has('panel')) {
    await part('panel', async () => {
      const update = await measurePanelUpdate({
        workers: plan.panelWorkers,
        pairs: plan.panelPairs,
        judge: !plan.quick,
      });
      const hidden = await measureHiddenPanel({
        workerCounts: plan.hiddenWorkerCounts,
        windowMs: plan.hiddenWindowMs,
        rounds: plan.hiddenRounds,
        judge: !plan.quick,
      });
      return { tables: [...update.tables, ...hidden.tables], targets: [...update.targets, ...hidden.targets] };
    });
  }

  report.durationS = (performance.now() - began) / 1000;
  process.stdout.write(`${renderText(report)}\n`);
  log(`finished in ${Math.round(report.durationS)} s`);
  if (out) {
    fs.writeFileSync(out, renderMarkdown(report));
    log(`wrote ${out}`);
  }
  return report.failures.length ? 1 : 0;
}

async function cleanUp(signal: NodeJS.Signals): Promise<void> {
  log(`${signal}: stopping what the benchmark started`);
  killTracked();
  await disposeAll();
  process.exit(130);
}

const [mode, ...rest] = process.argv.slice(2);
if (mode === HEAP_CHILD_FLAG) {
  runHeapChild(rest).catch((err: unknown) => {
    process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
    process.exitCode = 1;
  });
} else if (mode === SERVE_IDENTITY_FLAG) {
  runIdentityServer(rest);
} else if (mode === PATH_LOOP_FLAG) {
  void runPathLoop(rest);
} else {
  process.once('SIGINT', (s) => void cleanUp(s));
  process.once('SIGTERM', (s) => void cleanUp(s));
  main(process.argv.slice(2)).then(
    (code) => {
      // Exit now: the cluster fixture's stop() leaves its 20 s fallback timer running after the
      // cluster has exited (testing/cluster-fixture.ts), which would hold the process that long.
      process.exit(code);
    },
    async (err: unknown) => {
      process.stderr.write(`bench: ${(err as Error).stack ?? String(err)}\n`);
      killTracked();
      await disposeAll();
      process.exit(1);
    },
  );
}
