/** The one JSON shape the CLI prints, the tray reads and the panel renders. */

/** Task keys kept per worker in a snapshot; the count says how many more. */
export const MAX_TASKS_SHOWN = 20;

export type ClusterStatus = 'not-configured' | 'config-error' | 'no-cluster' | 'stopped' | 'running' | 'degraded';

/** The [dask], [sdk] and [user_interface] values the monitor reads; null means "not set" (or invalid: see configIssues). */
export interface CovalentConfig {
  cacheDir: string | null;
  logDir: string | null;
  /** "auto", a byte string such as "4GB", or a number (a fraction of memory when ≤ 1). */
  memPerWorker: string | number | null;
  threadsPerWorker: number | null;
  numWorkers: number | null;
  schedulerAddress: string | null;
  dashboardLink: string | null;
  processInfo: string | null;
  pid: number | null;
  adminHost: string | null;
  adminPort: number | null;
  noCluster: boolean | null;
  uiAddress: string | null;
  uiPort: number | null;
}

export type ConfigKey = keyof CovalentConfig;

/** A value present in the file but unusable: shown as text, never used. */
export interface ConfigIssue {
  /** The field it spoils; null for a whole table ("[dask] should be a table"). */
  key: ConfigKey | null;
  /** Where it sits in the file, e.g. "dask.pid". */
  tomlKey: string;
  /** The raw value as text, shortened for display. */
  value: string;
  message: string;
}

export interface ConfigError {
  message: string;
  line: number | null;
  column: number | null;
}

export interface SchedulerSample {
  pid: number;
  alive: boolean;
  rssBytes: number | null;
  threads: number | null;
  cpuPercent: number | null;
  /** The OS reports the process stopped (SIGSTOP): alive, but not answering. */
  suspended: boolean;
}

export interface WorkerSample {
  /** Dask's worker name; null when Dask has not (yet) told us. */
  name: string | null;
  /** Dask's address for the worker, e.g. tcp://127.0.0.1:38765. */
  address: string | null;
  pid: number | null;
  /** Process memory (RSS) as the OS reports it, or Dask's own figure when the pid is unknown. */
  rssBytes: number | null;
  memoryLimitBytes: number | null;
  /** Where the limit came from: Dask's identity.json, or computed from mem_per_worker. */
  memoryLimitSource: 'dask' | 'config' | null;
  memoryFraction: number | null;
  /** OS threads of the worker process. */
  threads: number | null;
  /** Dask's worker threads (threads_per_worker). */
  nthreads: number | null;
  cpuPercent: number | null;
  /** Dask's worker status: "running", "paused", …; null when Dask has not told us. */
  status: string | null;
  /**
   * Keys of the tasks Dask has the worker running (its `processing`, at most MAX_TASKS_SHOWN; the
   * names: shared/task-names.ts); null where Dask's protocol does not tell.
   */
  tasks: string[] | null;
  /** How many tasks it runs, all of them counted; null with `tasks`. */
  taskCount: number | null;
  /** When Dask reported this worker's name, status and limit (its last good answer); null when it has not. */
  daskSeenAt: string | null;
  /**
   * The pid of the worker process this one replaced, when its name (and limit) are taken from
   * that worker because Dask has not listed this one yet: the nanny's restart of the only worker
   * that died. Null when the name is Dask's own.
   */
  replacedPid: number | null;
}

export type AlertKind =
  | 'worker-memory-high'
  | 'worker-restarted'
  | 'cluster-stopped'
  | 'cluster-started'
  | 'workflow-completed'
  | 'workflow-failed'
  | 'workflow-cancelled';

/** Why a worker was restarted, and what it was doing: for the restart alert and the panel's Recent restarts. */
export interface RestartInfo {
  oldPid: number;
  newPid: number;
  /**
   * memory-killed: its nanny killed it over the memory limit, as Dask reports (its
   * worker-restart-memory event, distributed 2024.4.2 on); memory-likely: inferred from its last
   * samples where Dask does not report it; unknown: neither.
   */
  cause: 'memory-killed' | 'memory-likely' | 'unknown';
  /** Its memory when killed (Dask's figure) or at its last sample, and its limit. */
  rssBytes: number | null;
  limitBytes: number | null;
  /** Keys of the tasks it was running at its last sample (empty when none, or not known). */
  tasks: string[];
}

export interface Alert {
  kind: AlertKind;
  /** The worker's name (or "pid N" when Dask has not named it); null for cluster alerts. */
  worker: string | null;
  message: string;
  /** ISO 8601. */
  at: string;
  /** For worker-restarted: why, and what it was running. */
  restart?: RestartInfo;
  /** For worker-memory-high: the keys of the tasks the worker runs. */
  tasks?: string[];
  /**
   * For a worker's alerts: the names of the Covalent workflows its tasks belong to, where the task
   * keys name a dispatch the Covalent server lists (never guessed from anything else).
   */
  workflows?: WorkflowRef[];
  /** For workflow-*: the dispatch that ended, and for a failure the electrons that failed. */
  dispatch?: DispatchInfo;
  failedElectrons?: FailedElectron[];
}

/** A Covalent dispatch by id and its lattice's name. */
export interface WorkflowRef {
  id: string;
  name: string;
}

/** Dispatch statuses as Covalent's server reports them (covalent_ui/api/v1/utils/status.py). */
export const DISPATCH_STATUSES = [
  'NEW_OBJECT',
  'RUNNING',
  'COMPLETED',
  'FAILED',
  'CANCELLED',
  'POSTPROCESSING',
  'PENDING_POSTPROCESSING',
  'POSTPROCESSING_FAILED',
] as const;
export type DispatchStatus = (typeof DISPATCH_STATUSES)[number];

/** One dispatch (a workflow run) as Covalent's server lists it, checked. */
export interface DispatchInfo {
  /** Covalent's dispatch id: a UUID, checked as one (it makes the UI's address for it). */
  id: string;
  /** The lattice's name, as text. */
  name: string;
  status: DispatchStatus;
  /** Electrons of its graph, and how many have completed (Covalent counts its parameters too). */
  electrons: number | null;
  electronsDone: number | null;
  /** ISO 8601 (Covalent's server gives UTC without a zone). */
  startedAt: string | null;
  endedAt: string | null;
  /** As Covalent reports it: to the second, live while it runs. */
  runtimeMs: number | null;
}

/** An electron of a failed dispatch that failed, with the last line of its error as Covalent kept it. */
export interface FailedElectron {
  name: string;
  nodeId: number;
  /** e.g. "ValueError: boom"; null when Covalent kept none. */
  error: string | null;
}

/** Covalent's server (its UI and API) and the workflows it runs, beside the cluster. */
export interface WorkflowsSample {
  /** The server's address from the config's [user_interface]; null when the config names none usable. */
  url: string | null;
  /** Whether it answered the last request; null before one (or when it is not asked). */
  reachable: boolean | null;
  /** Why there is no answer, or what in it was refused. */
  problem: string | null;
  /** When it last answered, ISO 8601. */
  at: string | null;
  /** Its counts of top-level dispatches (Covalent's overview). */
  totals: { all: number; running: number; completed: number; failed: number; cancelled: number } | null;
  /** Running dispatches, the latest started first, and how many run in all. */
  running: DispatchInfo[];
  runningCount: number;
  /** The last few that ended, the latest first. */
  recent: DispatchInfo[];
}

export function emptyWorkflows(url: string | null = null): WorkflowsSample {
  return { url, reachable: null, problem: null, at: null, totals: null, running: [], runningCount: 0, recent: [] };
}

export interface DashboardSample {
  /** Base URL the monitor fetches Dask's JSON from; null when the link is missing or invalid. */
  url: string | null;
  /** Whether the dashboard answered the last request (even with an error status). */
  reachable: boolean | null;
  /** Why the last worker list did not come from Dask, if it did not. */
  problem: string | null;
  /** When Dask's worker list was last read, ISO 8601. */
  identityAt: string | null;
  tasks: { total: number; processing: number; waiting: number; erred: number } | null;
  /** When Dask gave those task counts, ISO 8601. */
  tasksAt: string | null;
  /** Where Dask's last worker list came from: its comm protocol (the scheduler address), or its HTTP server. */
  workerListFrom: 'protocol' | 'http' | null;
  /** Why Dask's protocol is not what the worker list comes from, when it is not (then HTTP is). */
  protocolProblem: string | null;
}

/** Dask's view before any answer: nothing known. */
export function emptyDashboard(url: string | null = null): DashboardSample {
  return {
    url,
    reachable: null,
    problem: null,
    identityAt: null,
    tasks: null,
    tasksAt: null,
    workerListFrom: null,
    protocolProblem: null,
  };
}

/** Covalent's admin server's view of the cluster (cluster_status, cluster_size), beside the monitor's. */
export interface AdminSample {
  /** host:port from the config's admin_host and admin_port; null when it names none. */
  address: string | null;
  reachable: boolean | null;
  /** How many workers it counts. */
  size: number | null;
  /** Each worker's status by its name, as Covalent's server reports it. */
  statuses: Record<string, string> | null;
  /** When it answered, ISO 8601. */
  at: string | null;
  /** Why there is no answer, if there is none. */
  problem: string | null;
  /** Where its view and the monitor's disagree, in words; null when they agree (or one is missing). */
  disagreement: string | null;
}

export function emptyAdmin(address: string | null = null): AdminSample {
  return { address, reachable: null, size: null, statuses: null, at: null, problem: null, disagreement: null };
}

export interface Snapshot {
  status: ClusterStatus;
  reason: string;
  configPath: string;
  config: CovalentConfig | null;
  configIssues: ConfigIssue[];
  configError: ConfigError | null;
  /** The config shown is the last good one: the file could not be read or parsed just now. */
  configFromLastGood: boolean;
  /** The runtime keys (scheduler address … admin port) describe a cluster that is not running. */
  runtimeKeysStale: boolean;
  scheduler: SchedulerSample | null;
  workers: WorkerSample[];
  /** How worker processes were matched to Dask's workers, or why they could not be. */
  workerMatching: string | null;
  dashboard: DashboardSample;
  /** Covalent's admin server, beside Dask's own view. */
  admin: AdminSample;
  /** Covalent's server and its workflows. */
  workflows: WorkflowsSample;
  /** Total memory and CPUs Dask sees on this machine. */
  system: { memoryBytes: number | null; cpuCount: number | null };
  /** Recent alerts, oldest first. */
  alerts: Alert[];
  sampledAt: string;
}
