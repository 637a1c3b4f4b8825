/**
 * The commands users run, under `watch --json`: covalent stop (stopped within two samples, the
 * runtime keys left in the file), covalent start again and covalent restart (the new cluster picked
 * up with one stopped and one started alert, and no stopped alert after it), and covalent start
 * --no-cluster over the keys a cluster left.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Snapshot } from '../../shared/snapshot';
import { type ClusterFixture, daskPythonOrSkip, describeDaskPython, startCluster } from '../../testing/cluster-fixture';
import { readConfigWithPython } from '../../testing/dask-truth';
import { isAlive, workerProcesses } from '../../testing/proc-truth';
import { type Watch, startWatch } from '../../testing/run-cli';

const python = daskPythonOrSkip();
const d = python?.covalent ? describe : describe.skip;

const runningAs = (pid: number) => (s: Snapshot) =>
  s.status === 'running' &&
  s.scheduler?.pid === pid &&
  s.workers.length === 2 &&
  s.workers.every((w) => w.name !== null);
const clusterAlerts = (alerts: readonly Alert[]) =>
  alerts.filter((a) => a.kind === 'cluster-stopped' || a.kind === 'cluster-started').map((a) => [a.kind, a.message]);

d(`covalent stop, start and restart on ${python ? describeDaskPython(python) : ''}, under watch --json`, () => {
  let cluster: ClusterFixture;
  let watch: Watch;
  beforeAll(async () => {
    cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
    watch = startWatch([], cluster.env);
    await watch.waitForSnapshot(runningAs(cluster.pid), 30_000);
  });
  afterAll(async () => {
    await watch?.stop();
    await cluster?.dispose();
  });

  it('says stopped within two samples of covalent stop, and keeps the runtime keys shown as stale', async () => {
    const pid = cluster.pid;
    const from = watch.snapshots.length;
    const alertsFrom = watch.alerts.length;
    await cluster.stop();
    const stoppedAt = Date.now();
    expect(isAlive(pid)).toBe(false);
    const stopped = await watch.waitForSnapshot((s) => s.status === 'stopped', 10_000);
    const after = watch.snapshots.slice(from).filter((s) => Date.parse(s.sampledAt) >= stoppedAt);
    expect(after.findIndex((s) => s.status === 'stopped')).toBeLessThanOrEqual(1);
    expect(stopped).toMatchObject({ runtimeKeysStale: true, workers: [] });
    // Covalent's server stops with it: said up only from an answer it gave before it went (at most a
    // round of its watch ago), then said nothing of once it does not answer.
    expect(stopped.reason).toMatch(
      new RegExp(`^The Dask cluster is not running: process ${pid} has exited(; Covalent's server is up at \\S+)?$`),
    );
    const quiet = await watch.waitForSnapshot((s) => s.workflows.reachable === false, 15_000);
    expect(quiet.reason).toBe(`The Dask cluster is not running: process ${pid} has exited`);
    expect(readConfigWithPython(cluster).dask!.pid).toBe(pid); // covalent stop leaves it (covalent#1009)
    await watch.waitForSnapshot(() => true, 5_000);
    expect(clusterAlerts(watch.alerts.slice(alertsFrom))).toEqual([
      ['cluster-stopped', `The Dask cluster (process ${pid}) stopped`],
    ]);
  });

  it('picks up covalent start again', async () => {
    const alertsFrom = watch.alerts.length;
    await cluster.start();
    await watch.waitForSnapshot(runningAs(cluster.pid), 30_000);
    expect(clusterAlerts(watch.alerts.slice(alertsFrom))).toEqual([
      ['cluster-started', `The Dask cluster started (process ${cluster.pid})`],
    ]);
  });

  it('follows covalent restart to the new cluster: one stopped, one started, no stopped after it', async () => {
    const old = cluster.pid;
    const alertsFrom = watch.alerts.length;
    await cluster.restart();
    expect(cluster.pid).not.toBe(old);
    const up = await watch.waitForSnapshot(runningAs(cluster.pid), 30_000);
    expect(up.workers.map((w) => w.pid).sort()).toEqual(
      workerProcesses(cluster.pid)
        .map((p) => p.pid)
        .sort(),
    );
    // A few more samples on the new cluster: nothing more is said.
    const mark = watch.snapshots.length;
    await watch.waitForSnapshot(() => watch.snapshots.length >= mark + 3, 10_000);
    expect(watch.snapshots.slice(mark).every(runningAs(cluster.pid))).toBe(true);
    expect(clusterAlerts(watch.alerts.slice(alertsFrom))).toEqual([
      ['cluster-stopped', `The Dask cluster (process ${old}) stopped`],
      ['cluster-started', `The Dask cluster started (process ${cluster.pid})`],
    ]);
    expect(watch.alerts.slice(alertsFrom).filter((a) => a.kind === 'worker-restarted')).toEqual([]);
  }, 90_000);
});

d(`covalent start --no-cluster over the keys a cluster left, on ${python ? describeDaskPython(python) : ''}`, () => {
  it('says No Cluster, not stopped', async () => {
    const cluster = await startCluster({ workers: 1, memoryLimit: '400MB' });
    try {
      const pid = cluster.pid;
      await cluster.stop();
      await cluster.start({ noCluster: true });
      const watch = startWatch([], cluster.env);
      try {
        const s = await watch.waitForSnapshot(() => true, 15_000);
        expect(readConfigWithPython(cluster).dask!.pid).toBe(pid);
        expect(s).toMatchObject({ status: 'no-cluster', workers: [] });
        expect(s.config!.noCluster).toBe(true);
      } finally {
        await watch.stop();
      }
    } finally {
      await cluster.dispose();
    }
  }, 120_000);
});
