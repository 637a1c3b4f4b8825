import type { ConfigKey } from './snapshot';

/** The Dask Cluster settings page's fields, under its names; runtime ones go stale when the cluster stops. */
export const CONFIG_FIELDS: readonly { label: string; key: ConfigKey; runtime: boolean }[] = [
  { label: 'Cache Directory', key: 'cacheDir', runtime: false },
  { label: 'Log Directory', key: 'logDir', runtime: false },
  { label: 'Mem Per Worker', key: 'memPerWorker', runtime: false },
  { label: 'Threads Per Worker', key: 'threadsPerWorker', runtime: false },
  { label: 'Num Workers', key: 'numWorkers', runtime: false },
  { label: 'Scheduler Address', key: 'schedulerAddress', runtime: true },
  { label: 'Dashboard Link', key: 'dashboardLink', runtime: true },
  { label: 'Process Info', key: 'processInfo', runtime: true },
  { label: 'PID', key: 'pid', runtime: true },
  { label: 'Admin Host', key: 'adminHost', runtime: true },
  { label: 'Admin Port', key: 'adminPort', runtime: true },
];
