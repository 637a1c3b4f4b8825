/**
 * The one set of test fixtures: a config, workers and snapshots in the project's own shapes, for
 * the core's tests, the panel's tests and the benchmark. Figures are made up; a test changes what
 * it is about and leaves the rest.
 */
import {
  type CovalentConfig,
  type DispatchInfo,
  type Snapshot,
  type WorkerSample,
  type WorkflowsSample,
  emptyAdmin,
  emptyDashboard,
  emptyWorkflows,
} from '../shared/snapshot';

/** Covalent's `covalent start -m 400MB`. */
export const LIMIT = 400_000_000;

export function makeConfig(overrides: Partial<CovalentConfig> = {}): CovalentConfig {
  return {
    cacheDir: '/home/alice/.cache/covalent',
    logDir: '/home/alice/.cache/covalent/logs',
    memPerWorker: '400MB',
    threadsPerWorker: 1,
    numWorkers: 4,
    schedulerAddress: 'tcp://127.0.0.1:56006',
    dashboardLink: 'http://127.0.0.1:8787/status',
    processInfo: "<DaskCluster name='LocalDaskCluster' parent=4210 started>",
    pid: 4214,
    adminHost: '127.0.0.1',
    adminPort: 55996,
    noCluster: false,
    uiAddress: 'localhost',
    uiPort: 48008,
    ...overrides,
  };
}

/** Worker `i`, named "i", pid 5000 + i, at `fraction` of a `limit` (400 MB) limit. */
export function makeWorker(
  index: number,
  fraction: number | null = 0.25,
  overrides: Partial<WorkerSample> = {},
  limit = LIMIT,
): WorkerSample {
  return {
    name: String(index),
    address: `tcp://127.0.0.1:${40000 + index}`,
    pid: 5000 + index,
    rssBytes: fraction === null ? null : Math.round(fraction * limit),
    memoryLimitBytes: limit,
    memoryLimitSource: 'dask',
    memoryFraction: fraction,
    threads: 4,
    nthreads: 1,
    cpuPercent: 1.5,
    status: 'running',
    tasks: [],
    taskCount: 0,
    daskSeenAt: '2026-01-01T10:00:00.000Z',
    replacedPid: null,
    ...overrides,
  };
}

export function makeSnapshot(overrides: Partial<Snapshot> = {}): Snapshot {
  const workers = overrides.workers ?? [0, 1, 2, 3].map((i) => makeWorker(i));
  return {
    status: 'running',
    reason: `${workers.length} workers running`,
    configPath: '/home/alice/.config/covalent/covalent.conf',
    config: makeConfig(),
    configIssues: [],
    configError: null,
    configFromLastGood: false,
    runtimeKeysStale: false,
    scheduler: { pid: 4214, alive: true, rssBytes: 96_000_000, threads: 12, cpuPercent: 3.1, suspended: false },
    workers,
    workerMatching: null,
    dashboard: {
      url: 'http://127.0.0.1:8787/',
      reachable: true,
      problem: null,
      identityAt: '2026-01-01T10:00:00.000Z',
      tasks: null,
      tasksAt: null,
      workerListFrom: 'protocol',
      protocolProblem: null,
    },
    admin: {
      ...emptyAdmin('127.0.0.1:55996'),
      reachable: true,
      size: 4,
      statuses: { '0': 'running', '1': 'running', '2': 'running', '3': 'running' },
      at: '2026-01-01T10:00:00.000Z',
    },
    workflows: emptyWorkflows('http://localhost:48008/'),
    system: { memoryBytes: 16e9, cpuCount: 8 },
    alerts: [],
    sampledAt: '2026-01-01T10:00:00.000Z',
    ...overrides,
  };
}

/** A snapshot with every field empty (no config, no cluster) unless given. */
export function emptySnapshot(patch: Partial<Snapshot> = {}): Snapshot {
  return {
    status: 'running',
    reason: '',
    configPath: '/c',
    config: null,
    configIssues: [],
    configError: null,
    configFromLastGood: false,
    runtimeKeysStale: false,
    scheduler: null,
    workers: [],
    workerMatching: null,
    dashboard: emptyDashboard(),
    admin: emptyAdmin(),
    workflows: emptyWorkflows(),
    system: { memoryBytes: null, cpuCount: null },
    alerts: [],
    sampledAt: '2026-11-27T10:00:00.000Z',
    ...patch,
  };
}

/** A dispatch as the watch reads it from Covalent's server (the shape of testdata/covalent-0.240.0-api.json). */
export function makeDispatch(overrides: Partial<DispatchInfo> = {}): DispatchInfo {
  return {
    id: '72a1c0ce-17af-4ca6-9bfd-ee92190012b3',
    name: 'ok_flow',
    status: 'RUNNING',
    electrons: 8,
    electronsDone: 4,
    startedAt: '2026-01-01T09:58:00.000Z',
    endedAt: null,
    runtimeMs: 120_000,
    ...overrides,
  };
}

/** Covalent's server up, with these running and recent dispatches. */
export function makeWorkflows(running: DispatchInfo[] = [], recent: DispatchInfo[] = []): WorkflowsSample {
  const count = (s: DispatchInfo['status']) => recent.filter((d) => d.status === s).length;
  return {
    ...emptyWorkflows('http://localhost:48008/'),
    reachable: true,
    at: '2026-01-01T10:00:00.000Z',
    totals: {
      all: running.length + recent.length,
      running: running.length,
      completed: count('COMPLETED'),
      failed: count('FAILED'),
      cancelled: count('CANCELLED'),
    },
    running,
    runningCount: running.length,
    recent,
  };
}
