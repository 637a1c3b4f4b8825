import { defineConfig } from 'vitest/config';

/** Every test, on current Dask (.venv/dask-current: what `pip install covalent` brings). */
const ALL = ['{main,shared,preload,testing,tools}/**/*.test.ts', 'renderer/**/*.test.{ts,tsx}'];
/**
 * The tests whose answer depends on Dask's version, again on the oldest supported Dask
 * (.venv/dask-oldest: distributed 2022.12.1): the CLI, alerts and faults on a real covalent start.
 * The soak and the unit tests do not depend on it.
 */
const ON_OLDEST = [
  'main/monitor/cluster-actions.cluster.test.ts',
  'main/monitor/covalent-lifecycle.cluster.test.ts',
  'main/monitor/dask/dask-busy.cluster.test.ts',
  'shared/dask-thresholds.test.ts',
  'main/cli/cli.cluster.test.ts',
  'main/monitor/alerts.cluster.test.ts',
  'main/monitor/monitor.faults.cluster.test.ts',
];

export default defineConfig({
  test: {
    // Cluster tests start real Covalent servers and Dask clusters, and several count samples: on two
    // cores, two of them side by side starved each other (restarts slower than the soak's window,
    // a pause seen a sample late), so one file runs at a time.
    maxWorkers: 1,
    testTimeout: 20_000,
    hookTimeout: 240_000,
    projects: [
      { extends: true, test: { name: 'current', include: ALL, env: { TRAY_DASK: 'current' } } },
      { extends: true, test: { name: 'oldest', include: ON_OLDEST, env: { TRAY_DASK: 'oldest' } } },
    ],
  },
});
