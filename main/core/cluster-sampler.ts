/**
 * One look at the cluster: the scheduler process and its worker children from the OS, Dask's view
 * from its HTTP server, matched worker by worker. Keeps what it must between samples (CPU time,
 * Dask's last good worker list, which pid is which worker) and nothing more.
 */
import type { DaskWorkerInfo } from './dask/dask-json';
import { type DaskPoll, type DaskPoller, daskBaseUrl } from './dask/dask-poller';
import { readMachine } from './machine';
import { type MachineMemory, type MemoryLimit, parseMemoryLimit } from './memory-limit';
import type { ChildInfo, ProcInfo, ProcessSource } from './proc/process-source';
import { type SchedulerVerdict, isWorkerProcess, judgeScheduler } from './scheduler-verdict';
import type { CovalentConfig, DashboardSample, SchedulerSample, WorkerSample } from './snapshot';
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
}

export interface ClusterSampler {
  /**
   * `pollDask: false` re-uses Dask's last answer (for the quick confirming sample); `daskWaitMs`
   * overrides how long to wait for a new one.
   */
  sample(config: CovalentConfig, pidWrittenAtMs: number | null, options: SampleOptions): Promise<ClusterSample>;
}

export interface SampleOptions {
  pollDask: boolean;
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
  let machine: MachineMemory | null = null;
  let lastPoll: DaskPoll | null = null;
  let lastIdentity: { at: number; workers: DaskWorkerInfo[] } | null = null;
  let unreachableStreak = 0;
  /** Dask's last word on each worker process, kept while the process lives. */
  let daskByPid = new Map<number, DaskWorkerInfo>();
  /** Addresses of workers whose process has died. */
  const deadAddresses = new Set<string>();

  function resetCluster(id: string | null) {
    clusterId = id;
    machine = null;
    lastPoll = null;
    lastIdentity = null;
    unreachableStreak = 0;
    daskByPid = new Map();
    deadAddresses.clear();
    cpuSeen.clear();
  }

  function takePoll(poll: DaskPoll, forCluster: string | null) {
    if (forCluster !== clusterId) return; // an answer about a cluster that has since gone
    lastPoll = poll;
    unreachableStreak = poll.reachable ? 0 : unreachableStreak + 1;
    if (poll.identity) lastIdentity = { at: poll.at, workers: poll.identity.workers };
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

  async function sample(config: CovalentConfig, pidWrittenAtMs: number | null, opts: SampleOptions): Promise<ClusterSample> {
    const base = daskBaseUrl(config.dashboardLink);
    const at = now();
    const tree = config.pid !== null ? await source.sampleTree(config.pid) : { root: null, children: [] };
    const verdict = verdictFor(config, tree.root, tree.children, pidWrittenAtMs);

    if (verdict.kind !== 'cluster') {
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
      };
    }

    const id = `${verdict.pid}:${verdict.startedAtMs}`;
    if (id !== clusterId) resetCluster(id);
    const root = tree.root!;
    machine ??= await readMachine(verdict.pid);

    if (base && opts.pollDask) {
      const forCluster = clusterId;
      const poll = poller.poll(base);
      poll.then((p) => takePoll(p, forCluster), () => undefined);
      await waitAtMost(poll, opts.daskWaitMs ?? options.daskWaitMs);
    }

    const procs = tree.children.filter(isWorkerProcess);
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
        problem: lastPoll?.problem ?? (base ? null : 'no usable dashboard link in the config'),
        identityAt: lastIdentity ? new Date(lastIdentity.at).toISOString() : null,
        tasks: lastPoll?.counts ?? null,
      },
      dashboardSilent: silent,
      machine,
    };
  }

  return { sample };
}
