/**
 * Whether the config's pid is still Covalent's Dask cluster. `covalent stop` leaves the pid in the
 * file (covalent#1009), and the number may since belong to anything.
 */
import type { ChildInfo, ProcInfo, ProcessSource, ProcessTree } from './proc/process-source';

export type SchedulerVerdict =
  | { kind: 'no-pid' }
  | { kind: 'gone'; pid: number }
  | { kind: 'impostor'; pid: number; why: string }
  | { kind: 'cluster'; pid: number; startedAtMs: number | null; evidence: 'port' | 'process-tree' };

export interface VerdictInput {
  pid: number | null;
  root: ProcInfo | null;
  children: readonly ChildInfo[];
  /** Latest moment the pid can have been written to the config. */
  pidWrittenAtMs: number | null;
  /** The scheduler's port from scheduler_address. */
  schedulerPort: number | null;
  /** Ports the process listens on; undefined when the OS will not tell. */
  listening: ReadonlyMap<number, number> | undefined;
}

/** Start times come from clock ticks and a whole-second boot time: allow for that rounding. */
const START_SLACK_MS = 2000;

export function judgeScheduler(input: VerdictInput): SchedulerVerdict {
  const { pid, root } = input;
  if (pid === null) return { kind: 'no-pid' };
  if (!root || root.state === 'zombie') return { kind: 'gone', pid };
  if (
    root.startedAtMs !== null &&
    input.pidWrittenAtMs !== null &&
    root.startedAtMs > input.pidWrittenAtMs + START_SLACK_MS
  ) {
    return {
      kind: 'impostor',
      pid,
      why: `process ${pid} (${root.name}) started at ${new Date(root.startedAtMs).toISOString()}, after Covalent wrote that pid`,
    };
  }
  if (input.schedulerPort !== null && input.listening !== undefined) {
    if (input.listening.get(input.schedulerPort) === pid) {
      return { kind: 'cluster', pid, startedAtMs: root.startedAtMs, evidence: 'port' };
    }
    return {
      kind: 'impostor',
      pid,
      why: `process ${pid} (${root.name}) does not listen on the scheduler's port ${input.schedulerPort}`,
    };
  }
  // No socket view (macOS, Windows, another user's process): a Python process with
  // multiprocessing children is taken as the cluster.
  const python = /python/i.test(root.name);
  const spawned = input.children.some((c) => /multiprocessing|spawn_main/.test(c.cmdline));
  if (python && spawned) return { kind: 'cluster', pid, startedAtMs: root.startedAtMs, evidence: 'process-tree' };
  return {
    kind: 'impostor',
    pid,
    why: python ? `process ${pid} has no Dask worker processes` : `process ${pid} is ${root.name}, not Python`,
  };
}

/**
 * A child of the cluster that is a live worker: not one of multiprocessing's helper processes, and
 * not a worker that died and that its nanny has not reaped yet (a zombie, for a moment).
 */
export function isWorkerProcess(child: ChildInfo): boolean {
  return child.state !== 'zombie' && !/multiprocessing\.(resource_tracker|forkserver)/.test(child.cmdline);
}

export interface SchedulerJudge {
  /** judgeScheduler for the config's pid and the process tree read for it, asking the OS for the process's ports where needed. */
  judge(
    config: { pid: number | null; schedulerAddress: string | null },
    tree: ProcessTree,
    pidWrittenAtMs: number | null,
  ): SchedulerVerdict;
}

const PORT = /:(\d{1,5})$/;

/** judgeScheduler with its answers kept: the same process (pid and start time) under the same config always gets the same one. */
export function createSchedulerJudge(source: Pick<ProcessSource, 'listeningPorts'>): SchedulerJudge {
  const verdicts = new Map<string, SchedulerVerdict>();
  return {
    judge(config, { root, children }, pidWrittenAtMs) {
      const m = config.schedulerAddress ? PORT.exec(config.schedulerAddress) : null;
      const schedulerPort = m ? Number(m[1]) : null;
      const key = `${config.pid}:${root?.startedAtMs}:${schedulerPort}:${pidWrittenAtMs}`;
      const cached = root && root.state !== 'zombie' ? verdicts.get(key) : undefined;
      if (cached) return cached;
      const listening = root && schedulerPort !== null ? source.listeningPorts([root.pid]) : undefined;
      const verdict = judgeScheduler({ pid: config.pid, root, children, pidWrittenAtMs, schedulerPort, listening });
      if (root && verdict.kind !== 'gone') {
        if (verdicts.size > 16) verdicts.clear();
        verdicts.set(key, verdict);
      }
      return verdict;
    },
  };
}
