/**
 * Pairs Dask's workers with worker processes by the port each worker listens on, and remembers the
 * pairs while the processes live: a worker's port is looked up once, not at every sample.
 */
import type { DaskWorkerInfo } from './dask/dask-json';
import type { ChildInfo } from './proc/process-source';

export interface MatchInput {
  procs: readonly ChildInfo[];
  /** Dask's workers, from its last answer. */
  dask: readonly DaskWorkerInfo[];
  /** The pairs of the last match: pid → Dask's entry. */
  known: ReadonlyMap<number, DaskWorkerInfo>;
  /** Addresses of Dask workers whose process has died, while Dask still lists them. */
  dead: ReadonlySet<string>;
  /** port → pid for these processes' listening sockets; undefined when the OS will not tell. */
  listeningPorts(pids: readonly number[]): ReadonlyMap<number, number> | undefined;
}

export interface MatchResult {
  byPid: Map<number, DaskWorkerInfo>;
  /** Dask workers with no process: no socket view, or a worker from elsewhere. */
  unmatched: DaskWorkerInfo[];
  dead: Set<string>;
  /** Why processes could not be matched at all, if they could not. */
  note: string | null;
}

export const NO_SOCKET_VIEW =
  "Worker processes cannot be matched to Dask's workers here (their sockets are not visible): Dask's own memory figures are shown";

export function matchWorkers(input: MatchInput): MatchResult {
  const live = new Set(input.procs.map((p) => p.pid));
  const byPid = new Map<number, DaskWorkerInfo>();
  const byAddress = new Map<string, number>();
  const dead = new Set(input.dead);
  for (const [pid, d] of input.known) {
    if (live.has(pid)) byAddress.set(d.address, pid);
    else dead.add(d.address);
  }
  // Dask lists a killed worker until it notices; its process is gone, so is its row.
  const listed = new Set(input.dask.map((d) => d.address));
  for (const a of dead) if (!listed.has(a)) dead.delete(a);
  let unmatched = input.dask.filter((d) => {
    if (dead.has(d.address)) return false;
    const pid = byAddress.get(d.address);
    if (pid === undefined) return true;
    byPid.set(pid, d);
    return false;
  });
  if (unmatched.length > 0) {
    const candidates = input.procs.filter((p) => !byPid.has(p.pid)).map((p) => p.pid);
    const ports = candidates.length > 0 ? input.listeningPorts(candidates) : new Map<number, number>();
    if (ports === undefined) return { byPid: new Map(), unmatched: [...input.dask], dead, note: NO_SOCKET_VIEW };
    unmatched = unmatched.filter((d) => {
      const pid = ports.get(d.port);
      if (pid === undefined || byPid.has(pid)) return true;
      byPid.set(pid, d);
      return false;
    });
  }
  return { byPid, unmatched, dead, note: null };
}

export interface WorkerMatcher {
  match(procs: readonly ChildInfo[], dask: readonly DaskWorkerInfo[]): MatchResult;
  /** Some process has no Dask entry yet (new, or restarted), or Dask lists a worker no process was paired with. */
  hasUnpaired(procs: readonly ChildInfo[], dask: readonly DaskWorkerInfo[]): boolean;
  reset(): void;
}

export function createWorkerMatcher(listeningPorts: MatchInput['listeningPorts']): WorkerMatcher {
  let known = new Map<number, DaskWorkerInfo>();
  let dead = new Set<string>();
  return {
    match(procs, dask) {
      const result = matchWorkers({ procs, dask, known, dead, listeningPorts });
      known = result.byPid;
      dead = result.dead;
      return result;
    },
    hasUnpaired: (procs, dask) => procs.some((p) => !known.has(p.pid)) || dask.length !== known.size,
    reset() {
      known = new Map();
      dead = new Set();
    },
  };
}
