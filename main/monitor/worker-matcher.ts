/**
 * Pairs Dask's workers with worker processes by the port each worker listens on, and remembers the
 * pairs while the processes live: a worker's port is looked up once, not at every sample. A
 * process that replaces the only worker that died (the nanny's restart) is known by that worker's
 * name until Dask lists it.
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

/** How long a worker that died waits for its replacement before it is taken as gone, not restarted. */
export const RESTART_WINDOW_MS = 30_000;

/** A process taken for the restart of a worker Dask has not listed it as yet. */
export interface Replacement {
  /** Dask's last entry for the worker it replaces: its name, threads and limit stay the nanny's. */
  info: DaskWorkerInfo;
  /** The process it replaces. */
  replacedPid: number;
}

export interface Departed {
  pid: number;
  info: DaskWorkerInfo;
  at: number;
}

/**
 * The processes Dask has not paired that stand, without doubt, for a worker that died: one such
 * process and one such worker. Two or more at once could be paired either way, so none is.
 */
export function inferReplacements(
  newcomers: readonly number[],
  departed: readonly Departed[],
): Map<number, Replacement> {
  if (newcomers.length !== 1 || departed.length !== 1) return new Map();
  return new Map([[newcomers[0]!, { info: departed[0]!.info, replacedPid: departed[0]!.pid }]]);
}

export interface WorkerMatch extends MatchResult {
  /** Processes named after the worker they replace, until Dask lists them. */
  replacements: Map<number, Replacement>;
}

export interface WorkerMatcher {
  match(procs: readonly ChildInfo[], dask: readonly DaskWorkerInfo[], at: number): WorkerMatch;
  /** Some process has no Dask entry yet (new, or restarted), or Dask lists a worker no process was paired with. */
  hasUnpaired(procs: readonly ChildInfo[], dask: readonly DaskWorkerInfo[]): boolean;
  reset(): void;
}

export function createWorkerMatcher(listeningPorts: MatchInput['listeningPorts']): WorkerMatcher {
  let known = new Map<number, DaskWorkerInfo>();
  /**
   * Dask's last entry for each live process it was paired with: Dask forgets a worker as it closes,
   * before its process exits (the nanny's restart on 2022.12), and the process dies as that worker.
   */
  let lastEntry = new Map<number, DaskWorkerInfo>();
  let dead = new Set<string>();
  /** Workers whose process died and that no process stands for yet. */
  let departed: Departed[] = [];
  /** Processes standing for a departed worker, until Dask pairs them. */
  let standIns = new Map<number, Replacement>();
  return {
    match(procs, dask, at) {
      const result = matchWorkers({ procs, dask, known, dead, listeningPorts });
      const live = new Set(procs.map((p) => p.pid));
      for (const [pid, info] of lastEntry) if (!live.has(pid)) departed.push({ pid, info, at });
      lastEntry = new Map([...lastEntry, ...result.byPid].filter(([pid]) => live.has(pid)));
      // A stand-in that dies before Dask lists it was that worker too: its replacement is next.
      for (const [pid, r] of standIns) if (!live.has(pid)) departed.push({ pid, info: r.info, at });
      standIns = new Map([...standIns].filter(([pid]) => live.has(pid) && !result.byPid.has(pid)));
      // A worker Dask lists again under its name is no longer waiting for a replacement.
      const listed = new Set([...result.byPid.values()].map((d) => d.name));
      departed = departed.filter((d) => at - d.at <= RESTART_WINDOW_MS && !listed.has(d.info.name));
      // A process Dask listed before is closing, not new: it stands for no one.
      const newcomers = procs.filter((p) => !lastEntry.has(p.pid) && !standIns.has(p.pid)).map((p) => p.pid);
      const fresh = result.note === null ? inferReplacements(newcomers, departed) : new Map<number, Replacement>();
      for (const [pid, r] of fresh) {
        standIns.set(pid, r);
        departed = departed.filter((d) => d.pid !== r.replacedPid);
      }
      known = result.byPid;
      dead = result.dead;
      return { ...result, replacements: new Map(standIns) };
    },
    hasUnpaired: (procs, dask) => procs.some((p) => !known.has(p.pid)) || dask.length !== known.size,
    reset() {
      known = new Map();
      lastEntry = new Map();
      dead = new Set();
      departed = [];
      standIns = new Map();
    },
  };
}
