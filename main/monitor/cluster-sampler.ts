/**
 * One look at the cluster: the scheduler process and its worker children from the OS, Dask's view
 * from its HTTP server, matched worker by worker. Each concern keeps its own state between samples
 * (cpu-meter.ts, worker-matcher.ts, dask/dask-view.ts); this module keeps which cluster it is on.
 */
import {
  type AdminSample,
  type CovalentConfig,
  type DashboardSample,
  type SchedulerSample,
  type WorkerSample,
  emptyAdmin,
  emptyDashboard,
} from '../../shared/snapshot';
import { NEAR_LIMIT_FRACTION } from '../../shared/dask-thresholds';
import { type ClusterId, sameCluster } from './cluster-id';
import { createCpuMeter } from './cpu-meter';
import type { DaskPoller } from './dask/dask-poller';
import { daskBaseUrl } from './dask/dask-poller';
import type { SchedulerComm } from './dask/comm/scheduler-comm';
import { type DaskAsk, type SchedulerCommFactory, createDaskView } from './dask/dask-view';
import { type MachineMemory, type MemoryLimit, parseMemoryLimit } from './memory-limit';
import { readMachine } from './proc/machine';
import type { ProcInfo, ProcessSource, ProcessTree } from './proc/process-source';
import { type SchedulerVerdict, createSchedulerJudge, isWorkerProcess } from './scheduler-verdict';
import { createWorkerMatcher } from './worker-matcher';
import type { AdminComm } from './covalent/admin-comm';
import { adminDisagreement } from './covalent/admin-disagreement';
import { type AdminCommFactory, createAdminWatch } from './covalent/admin-view';
import { createKillWatch } from './kill-watch';
import { type KillReports, NO_KILL_REPORTS } from './restart-alerts';
import { buildWorkerRows } from './worker-rows';

export interface ClusterSample {
  verdict: SchedulerVerdict;
  /** The running cluster; null when none runs. */
  cluster: ClusterId | null;
  scheduler: SchedulerSample | null;
  workers: WorkerSample[];
  workerMatching: string | null;
  dashboard: DashboardSample;
  /** Why the dashboard counts as silent, when it has missed more than one poll. */
  dashboardSilent: string | null;
  machine: MachineMemory | null;
  /**
   * The pid of the cluster this sample moved away from, when that cluster still runs: the config
   * now names another process, so it was left behind, not stopped. Null otherwise.
   */
  supersededPid: number | null;
  /** Dask's own reports of memory kills (current Dask), for the restart alerts' cause. */
  kills: KillReports;
  /** Covalent's admin server's view, beside the monitor's. */
  admin: AdminSample;
}

export interface SampleOptions {
  /** Whether to ask Dask over HTTP (dask-view.ts); `daskWaitMs` overrides how long to wait for it. */
  dask: DaskAsk;
  daskWaitMs?: number;
}

export interface ClusterSampler {
  sample(config: CovalentConfig, pidWrittenAtMs: number | null, options: SampleOptions): Promise<ClusterSample>;
  /** The scheduler over Dask's protocol, where it is used: for what a sample does not ask (logs). */
  schedulerComm(): SchedulerComm | null;
  /** Covalent's admin server, where the config names one: for the user's actions on the cluster. */
  adminComm(): AdminComm | null;
  close(): void;
}

export interface SamplerOptions {
  source: ProcessSource;
  poller: DaskPoller;
  /** How long a sample waits for Dask before going on with its last answer. */
  daskWaitMs: number;
  /** Makes the client of Dask's protocol for a scheduler address (comm/scheduler-comm.ts); without it, HTTP alone. */
  comm?: SchedulerCommFactory;
  /** Makes the client of Covalent's admin server (covalent/admin-comm.ts); without it, none is asked. */
  admin?: AdminCommFactory;
  now?: () => number;
}

const NO_TREE: ProcessTree = { root: null, children: [] };

function joinNotes(...notes: (string | null | undefined)[]): string | null {
  const some = notes.filter((n): n is string => !!n);
  return some.length > 0 ? some.join('. ') : null;
}

function schedulerOf(root: ProcInfo, cpuPercent: number | null): SchedulerSample {
  return {
    pid: root.pid,
    alive: true,
    rssBytes: root.rssBytes,
    threads: root.threads,
    cpuPercent,
    suspended: root.state === 'stopped',
  };
}

function configLimitOf(config: CovalentConfig, machine: MachineMemory): MemoryLimit | null {
  if (config.memPerWorker === null || config.threadsPerWorker === null) return null;
  return parseMemoryLimit(config.memPerWorker, config.threadsPerWorker, machine);
}

export function createClusterSampler(options: SamplerOptions): ClusterSampler {
  const now = options.now ?? Date.now;
  const { source } = options;
  const judge = createSchedulerJudge(source);
  const cpu = createCpuMeter();
  const matcher = createWorkerMatcher((pids) => source.listeningPorts(pids));
  const dask = createDaskView(options.poller, options.comm ?? null);
  let cluster: ClusterId | null = null;
  let machine: MachineMemory | null = null;
  const kills = createKillWatch();
  const admin = createAdminWatch(options.admin ?? null);
  /** Dask's workers at the last sample, by address: a change has a keeping source list the processes again. */
  let daskAddresses = '';
  /** Where Covalent's admin server disagreed with the monitor at its last answer, and which answer that was. */
  let disagreement: { at: string | null; text: string | null } = { at: null, text: null };

  /** A different cluster (or none): nothing kept about the last one applies. */
  function enter(next: ClusterId | null) {
    cluster = next;
    machine = null;
    kills.reset();
    daskAddresses = '';
    cpu.reset();
    matcher.reset();
    dask.reset();
  }

  /** The cluster being left, if it still runs while the config names another pid (covalent stop would have ended it). */
  async function leftRunning(config: CovalentConfig): Promise<number | null> {
    if (!cluster || cluster.pid === config.pid) return null;
    const { root } = await source.sampleTree(cluster.pid);
    return root && root.state !== 'zombie' && root.startedAtMs === cluster.startedAtMs ? cluster.pid : null;
  }

  async function noCluster(
    config: CovalentConfig,
    verdict: SchedulerVerdict,
    base: URL | null,
  ): Promise<ClusterSample> {
    const superseded = await leftRunning(config);
    if (cluster !== null) enter(null);
    return {
      verdict,
      cluster: null,
      scheduler:
        config.pid === null
          ? null
          : { pid: config.pid, alive: false, rssBytes: null, threads: null, cpuPercent: null, suspended: false },
      workers: [],
      workerMatching: null,
      dashboard: emptyDashboard(base?.href ?? null),
      dashboardSilent: null,
      machine: null,
      supersededPid: superseded,
      kills: NO_KILL_REPORTS,
      admin: emptyAdmin(),
    };
  }

  /** Covalent's admin server's view, checked against this sample's workers when it is a new one. */
  function adminSample(workers: readonly WorkerSample[]): AdminSample {
    const { view, ...sample } = admin.sample();
    if (view && sample.at !== disagreement.at) disagreement = { at: sample.at, text: adminDisagreement(view, workers) };
    return { ...sample, disagreement: view ? disagreement.text : null };
  }

  async function sample(
    config: CovalentConfig,
    pidWrittenAtMs: number | null,
    opts: SampleOptions,
  ): Promise<ClusterSample> {
    const base = daskBaseUrl(config.dashboardLink);
    dask.follow(base, config.schedulerAddress);
    admin.follow(config.adminHost, config.adminPort);
    const at = now();
    const tree = config.pid !== null ? await source.sampleTree(config.pid) : NO_TREE;
    const verdict = judge.judge(config, tree, pidWrittenAtMs);
    if (verdict.kind !== 'cluster') return noCluster(config, verdict, base);

    const id: ClusterId = { pid: verdict.pid, startedAtMs: verdict.startedAtMs };
    let superseded: number | null = null;
    if (!sameCluster(id, cluster)) {
      superseded = await leftRunning(config);
      enter(id);
    }
    const root = tree.root!;
    machine ??= await readMachine(verdict.pid);

    const procs = tree.children.filter(isWorkerProcess);
    await dask.refresh({
      ask: opts.dask,
      at,
      unpairedWorkers: matcher.hasUnpaired(procs, dask.workers()),
      waitMs: opts.daskWaitMs ?? options.daskWaitMs,
    });
    // A source that keeps its list of children (ps, Windows) lists them again when Dask's workers change.
    const addresses = dask
      .workers()
      .map((w) => w.address)
      .sort()
      .join(' ');
    if (addresses !== daskAddresses) source.relistChildren?.();
    daskAddresses = addresses;
    const matched = matcher.match(procs, dask.workers(), at);
    const workers = buildWorkerRows({
      // Without a pid for each Dask worker, a process row and a Dask row would count one worker twice.
      processes: matched.note ? [] : procs,
      daskByPid: matched.byPid,
      unmatched: matched.unmatched,
      replacements: matched.replacements,
      daskAt: dask.workersAt(),
      processing: dask.processing(),
      configLimit: configLimitOf(config, machine),
      cpuPercent: (p) => cpu.percent(p, at),
    });
    const waitMs = opts.daskWaitMs ?? options.daskWaitMs;
    await Promise.all([kills.refresh(dask.comm(), procs, at, waitMs), admin.refresh(at, waitMs)]);
    const schedulerCpu = cpu.percent(root, at);
    cpu.keepOnly(new Set([root.pid, ...procs.map((p) => p.pid)]));
    dask.setWatchClosely(
      workers.some(
        (w) => w.status === 'paused' || (w.memoryFraction !== null && w.memoryFraction >= NEAR_LIMIT_FRACTION),
      ),
    );

    return {
      verdict,
      cluster,
      scheduler: schedulerOf(root, schedulerCpu),
      workers,
      workerMatching: joinNotes(matched.note ?? dask.note(at), tree.problem),
      dashboard: dask.dashboard(),
      dashboardSilent: dask.silentReason(),
      machine,
      supersededPid: superseded,
      kills: kills.reports(),
      admin: adminSample(workers),
    };
  }

  return {
    sample,
    schedulerComm: () => dask.comm(),
    adminComm: () => admin.comm(),
    close() {
      dask.close();
      admin.close();
    },
  };
}
