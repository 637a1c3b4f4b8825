/**
 * One look at the cluster: the scheduler process and its worker children from the OS, Dask's view
 * from its HTTP server, matched worker by worker. Keeps what it must between samples (CPU time,
 * Dask's last good worker list, which pid is which worker) and nothing more.
 */
import type { DaskCounts, DaskWorkerInfo } from './dask/dask-json';
import { type DaskPoll, type DaskPoller, daskBaseUrl } from './dask/dask-poller';
import { NEAR_LIMIT_FRACTION } from '../../shared/dask-thresholds';
import { shouldFetchCounts, shouldPollDask } from './dask/poll-schedule';
import { readMachine } from './proc/machine';
import { type MachineMemory, type MemoryLimit, parseMemoryLimit } from './memory-limit';
import type { ChildInfo, ProcInfo, ProcessSource } from './proc/process-source';
import { type SchedulerVerdict, isWorkerProcess, judgeScheduler } from './scheduler-verdict';
import type { CovalentConfig, DashboardSample, SchedulerSample, WorkerSample } from '../../shared/snapshot';
import { buildWorkerRows } from './worker-rows';

export interface ClusterSample {
  verdict: SchedulerVerdict;
  /** pid and start time of the running cluster; null when none runs. */
  clusterId: string | null;
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
}

export interface ClusterSampler {
  /**
   * `dask` says whether to ask Dask over HTTP: 'scheduled' as poll-schedule.ts decides (the
   * monitor's ticks), 'now' (a one-off sample), 'skip' (the quick confirming sample re-uses the
   * last answer). `daskWaitMs` overrides how long to wait for the answer.
   */
  sample(config: CovalentConfig, pidWrittenAtMs: number | null, options: SampleOptions): Promise<ClusterSample>;
}

export interface SampleOptions {
  dask: 'scheduled' | 'now' | 'skip';
  daskWaitMs?: number;
}

export interface SamplerOptions {
  source: ProcessSource;
  poller: DaskPoller;
  /** How long a sample waits for Dask before going on with its last answer. */
  daskWaitMs: number;
  now?: () => number;
}

const PORT = /:(\d{1,5})$/;

function emptyDashboard(url: URL | null): DashboardSample {
  return { url: url?.href ?? null, reachable: null, problem: null, identityAt: null, tasks: null };
}

/** Dask's figures the monitor refused (a negative memory, say), in one line. */
function figureProblems(problems: readonly string[]): string | null {
  if (problems.length === 0) return null;
  return `Dask sent figures that cannot be right, shown as —: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}`;
}

function waitAtMost<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout;
  return Promise.race([
    promise,
    new Promise<undefined>((resolve) => {
      timer = setTimeout(() => resolve(undefined), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

export function createClusterSampler(options: SamplerOptions): ClusterSampler {
  const now = options.now ?? Date.now;
  const { source, poller } = options;

  const verdicts = new Map<string, SchedulerVerdict>();
  const cpuSeen = new Map<number, { startedAtMs: number | null; cpuTimeMs: number; at: number }>();
  let clusterId: string | null = null;
  let clusterProcess: { pid: number; startedAtMs: number | null } | null = null;
  let machine: MachineMemory | null = null;
  let lastPoll: DaskPoll | null = null;
  let lastIdentity: { at: number; workers: DaskWorkerInfo[]; problems: string[] } | null = null;
  /** The dashboard the config names now: answers from another one are dropped. */
  let currentBase: string | null = null;
  let lastPollAt: number | null = null;
  let lastCounts: { at: number; counts: DaskCounts } | null = null;
  /** The last sample had a worker near its limit (see poll-schedule.ts). */
  let nearLimit = false;
  let unreachableStreak = 0;
  /** Dask's last word on each worker process, kept while the process lives. */
  let daskByPid = new Map<number, DaskWorkerInfo>();
  /** Addresses of workers whose process has died. */
  const deadAddresses = new Set<string>();

  function resetCluster(id: string | null) {
    clusterId = id;
    clusterProcess = null;
    machine = null;
    lastPoll = null;
    lastPollAt = null;
    lastCounts = null;
    nearLimit = false;
    lastIdentity = null;
    unreachableStreak = 0;
    daskByPid = new Map();
    deadAddresses.clear();
    cpuSeen.clear();
  }

  function takePoll(poll: DaskPoll, forCluster: string | null, fromBase: string) {
    // An answer about a cluster that has since gone, or from a dashboard the config no longer names.
    if (forCluster !== clusterId || fromBase !== currentBase) return;
    lastPoll = poll;
    if (poll.counts) lastCounts = { at: poll.at, counts: poll.counts };
    unreachableStreak = poll.reachable ? 0 : unreachableStreak + 1;
    if (poll.identity) lastIdentity = { at: poll.at, workers: poll.identity.workers, problems: poll.identity.problems };
  }

  function cpuPercent(p: ProcInfo, at: number): number | null {
    if (p.cpuPercent !== null) return p.cpuPercent;
    if (p.cpuTimeMs === null) return null;
    const prev = cpuSeen.get(p.pid);
    cpuSeen.set(p.pid, { startedAtMs: p.startedAtMs, cpuTimeMs: p.cpuTimeMs, at });
    if (!prev || prev.startedAtMs !== p.startedAtMs || at <= prev.at) return null;
    return Math.max(0, ((p.cpuTimeMs - prev.cpuTimeMs) / (at - prev.at)) * 100);
  }

  function verdictFor(config: CovalentConfig, root: ProcInfo | null, children: ChildInfo[], pidWrittenAtMs: number | null) {
    const m = config.schedulerAddress ? PORT.exec(config.schedulerAddress) : null;
    const schedulerPort = m ? Number(m[1]) : null;
    const key = `${config.pid}:${root?.startedAtMs}:${schedulerPort}:${pidWrittenAtMs}`;
    const cached = root && root.state !== 'zombie' ? verdicts.get(key) : undefined;
    if (cached) return cached;
    const listening = root && schedulerPort !== null ? source.listeningPorts([root.pid]) : undefined;
    const verdict = judgeScheduler({ pid: config.pid, root, children, pidWrittenAtMs, schedulerPort, listening });
    // The same process (pid and start time) under the same config always gets the same answer.
    if (root && verdict.kind !== 'gone') {
      if (verdicts.size > 16) verdicts.clear();
      verdicts.set(key, verdict);
    }
    return verdict;
  }

  /** Pairs Dask's workers with worker processes by the port each worker listens on. */
  function matchWorkers(procs: ChildInfo[], dask: DaskWorkerInfo[]): { byPid: Map<number, DaskWorkerInfo>; unmatched: DaskWorkerInfo[]; note: string | null } {
    const live = new Set(procs.map((p) => p.pid));
    const byPid = new Map<number, DaskWorkerInfo>();
    const byAddress = new Map<string, number>();
    for (const [pid, d] of daskByPid) {
      if (live.has(pid)) byAddress.set(d.address, pid);
      else deadAddresses.add(d.address);
    }
    // Dask lists a killed worker until it notices; its process is gone, so is its row.
    const listed = new Set(dask.map((d) => d.address));
    for (const a of deadAddresses) if (!listed.has(a)) deadAddresses.delete(a);
    let unmatched = dask.filter((d) => {
      if (deadAddresses.has(d.address)) return false;
      const pid = byAddress.get(d.address);
      if (pid === undefined) return true;
      byPid.set(pid, d);
      return false;
    });
    if (unmatched.length > 0) {
      const candidates = procs.filter((p) => !byPid.has(p.pid)).map((p) => p.pid);
      const ports = candidates.length > 0 ? source.listeningPorts(candidates) : new Map<number, number>();
      if (ports === undefined) {
        return {
          byPid: new Map(),
          unmatched: dask,
          note: 'Worker processes cannot be matched to Dask\'s workers here (their sockets are not visible): Dask\'s own memory figures are shown',
        };
      }
      unmatched = unmatched.filter((d) => {
        const pid = ports.get(d.port);
        if (pid === undefined || byPid.has(pid)) return true;
        byPid.set(pid, d);
        return false;
      });
    }
    return { byPid, unmatched, note: null };
  }

  /** The cluster being left, if it still runs while the config names another pid (covalent stop would have ended it). */
  async function supersededPid(config: CovalentConfig): Promise<number | null> {
    if (!clusterProcess || clusterProcess.pid === config.pid) return null;
    const { root } = await source.sampleTree(clusterProcess.pid);
    return root && root.state !== 'zombie' && root.startedAtMs === clusterProcess.startedAtMs ? clusterProcess.pid : null;
  }

  async function sample(config: CovalentConfig, pidWrittenAtMs: number | null, opts: SampleOptions): Promise<ClusterSample> {
    const base = daskBaseUrl(config.dashboardLink);
    if ((base?.href ?? null) !== currentBase) {
      currentBase = base?.href ?? null;
      lastPoll = null;
      lastPollAt = null;
      unreachableStreak = 0;
    }
    const at = now();
    const tree = config.pid !== null ? await source.sampleTree(config.pid) : { root: null, children: [] };
    const verdict = verdictFor(config, tree.root, tree.children, pidWrittenAtMs);

    if (verdict.kind !== 'cluster') {
      const superseded = await supersededPid(config);
      if (clusterId !== null) resetCluster(null);
      return {
        verdict,
        clusterId: null,
        scheduler: config.pid === null ? null : { pid: config.pid, alive: false, rssBytes: null, threads: null, cpuPercent: null, suspended: false },
        workers: [],
        workerMatching: null,
        dashboard: emptyDashboard(base),
        dashboardSilent: null,
        machine: null,
        supersededPid: superseded,
      };
    }

    const id = `${verdict.pid}:${verdict.startedAtMs}`;
    let superseded: number | null = null;
    if (id !== clusterId) {
      superseded = await supersededPid(config);
      resetCluster(id);
      clusterProcess = { pid: verdict.pid, startedAtMs: verdict.startedAtMs };
    }
    const root = tree.root!;
    machine ??= await readMachine(verdict.pid);

    const procs = tree.children.filter(isWorkerProcess);
    const pollNow =
      opts.dask === 'now' ||
      (opts.dask === 'scheduled' &&
        shouldPollDask({
          now: at,
          lastPollAt,
          // The poller sets identity exactly when it has no problem to report.
          lastPollOk: lastPoll?.identity != null,
          unmatchedWorkers: procs.some((p) => !daskByPid.has(p.pid)) || (lastIdentity?.workers.length ?? 0) !== daskByPid.size,
          nearLimit,
        }));
    if (base && pollNow) {
      const forCluster = clusterId;
      lastPollAt = at;
      const poll = poller.poll(base, { counts: shouldFetchCounts(at, lastCounts?.at ?? null) });
      poll.then((p) => takePoll(p, forCluster, base.href), () => undefined);
      await waitAtMost(poll, opts.daskWaitMs ?? options.daskWaitMs);
    }

    const matched = matchWorkers(procs, lastIdentity?.workers ?? []);
    daskByPid = matched.byPid;

    const configLimit: MemoryLimit | null =
      config.memPerWorker !== null && config.threadsPerWorker !== null
        ? parseMemoryLimit(config.memPerWorker, config.threadsPerWorker, machine)
        : null;
    const workers = buildWorkerRows({
      // Without a pid for each Dask worker, a process row and a Dask row would count one worker twice.
      processes: matched.note ? [] : procs,
      daskByPid: matched.byPid,
      unmatched: matched.unmatched,
      configLimit,
      cpuPercent: (p) => cpuPercent(p, at),
    });
    for (const pid of cpuSeen.keys()) if (pid !== root.pid && !procs.some((p) => p.pid === pid)) cpuSeen.delete(pid);
    nearLimit = workers.some((w) => w.memoryFraction !== null && w.memoryFraction >= NEAR_LIMIT_FRACTION);

    let workerMatching = matched.note;
    if (!workerMatching && lastPoll?.problem && lastIdentity) {
      workerMatching = `Dask's worker list is from ${new Date(lastIdentity.at).toISOString()}: ${lastPoll.problem}`;
    } else if (!workerMatching && !lastIdentity && base) {
      workerMatching = 'Dask has not described its workers yet: limits are computed from mem_per_worker';
    }

    const silent = lastPoll && !lastPoll.reachable && unreachableStreak >= 2 ? `its dashboard at ${base?.host} does not answer (${lastPoll.problem})` : null;
    return {
      verdict,
      clusterId,
      scheduler: {
        pid: root.pid,
        alive: true,
        rssBytes: root.rssBytes,
        threads: root.threads,
        cpuPercent: cpuPercent(root, at),
        suspended: root.state === 'stopped',
      },
      workers,
      workerMatching,
      dashboard: {
        url: base?.href ?? null,
        reachable: lastPoll?.reachable ?? null,
        problem: lastPoll?.problem ?? figureProblems(lastIdentity?.problems ?? []) ?? (base ? null : 'no usable dashboard link in the config'),
        identityAt: lastIdentity ? new Date(lastIdentity.at).toISOString() : null,
        tasks: lastCounts?.counts ?? null,
      },
      dashboardSilent: silent,
      machine,
      supersededPid: superseded,
    };
  }

  return { sample };
}
