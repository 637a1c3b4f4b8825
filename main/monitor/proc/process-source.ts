/** What the sampler needs to know about the scheduler process and its children, from any OS source. */

export type ProcState = 'running' | 'sleeping' | 'stopped' | 'zombie' | 'other';

export interface ProcInfo {
  pid: number;
  ppid: number;
  /** The short process name (comm on Linux). */
  name: string;
  state: ProcState;
  /** Wall-clock start time, ms since the epoch. */
  startedAtMs: number | null;
  rssBytes: number | null;
  threads: number | null;
  /** Cumulative user + system CPU time, when the source has it (then the sampler computes CPU %). */
  cpuTimeMs: number | null;
  /** CPU % of one core, when the source computes it itself. */
  cpuPercent: number | null;
  /**
   * When the source read the OS figures above (state, RSS, threads, CPU), ms since the epoch, when
   * it keeps them between reads (ps, Windows); absent when they were read in this call (/proc).
   * Liveness is always of this call: a process that has gone is not returned.
   */
  figuresAtMs?: number;
}

export interface ChildInfo extends ProcInfo {
  /** The command line, arguments joined by spaces. */
  cmdline: string;
}

export interface ProcessTree {
  /** The process itself; null when no process has that pid. */
  root: ProcInfo | null;
  children: ChildInfo[];
  /** Why the figures are older than the source means them to be, or missing (a failed or slow `ps`). */
  problem?: string;
}

export interface ProcessSource {
  readonly kind: 'procfs' | 'ps' | 'windows' | 'systeminformation';
  /**
   * The process and its direct children. /proc reads everything now; the ps and Windows sources
   * probe each known pid now (signal 0) and re-read the figures every few seconds or on a change.
   */
  sampleTree(pid: number): Promise<ProcessTree>;
  /**
   * Tells a source that keeps the list of children (ps, Windows) to list them again at the next
   * sampleTree: call it when Dask's set of workers changes. Absent where every call lists them.
   */
  relistChildren?(): void;
  /**
   * The TCP ports `pids` listen on, as port → pid; undefined when this source cannot tell
   * (no /proc, or no permission to look at a process's sockets).
   */
  listeningPorts(pids: readonly number[]): Map<number, number> | undefined;
}
