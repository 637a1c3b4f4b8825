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
}

export interface ChildInfo extends ProcInfo {
  /** The command line, arguments joined by spaces. */
  cmdline: string;
}

export interface ProcessTree {
  /** The process itself; null when no process has that pid. */
  root: ProcInfo | null;
  children: ChildInfo[];
}

export interface ProcessSource {
  readonly kind: 'procfs' | 'systeminformation';
  /** The process and its direct children, read now. */
  sampleTree(pid: number): Promise<ProcessTree>;
  /**
   * The TCP ports `pids` listen on, as port → pid; undefined when this source cannot tell
   * (no /proc, or no permission to look at a process's sockets).
   */
  listeningPorts(pids: readonly number[]): Map<number, number> | undefined;
}
