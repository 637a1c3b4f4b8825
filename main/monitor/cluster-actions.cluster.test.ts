/**
 * Logs and the user's actions on a real `covalent start`, through the monitor: the last log lines
 * as Dask's own client reads them, Covalent's admin server's view beside the monitor's, and Scale
 * and Restart driven through the admin server with their effect checked in /proc.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/snapshot';
import { type ClusterFixture, daskPythonOrSkip, describeDaskPython, startCluster } from '../../testing/cluster-fixture';
import { REPO_ROOT } from '../../testing/dask-python';
import { workerProcesses } from '../../testing/proc-truth';
import { locateConfig } from './config/config-path';
import { type Monitor, createMonitor } from './monitor';

const python = daskPythonOrSkip();
const d = python?.covalent ? describe : describe.skip;

function daskLogs(fixture: ClusterFixture, worker?: string): { scheduler: string[][]; worker: string[][] | null } {
  const args = [
    path.join(REPO_ROOT, 'testing', 'python', 'dask_logs.py'),
    fixture.schedulerAddress,
    ...(worker ? [worker] : []),
  ];
  const r = spawnSync(fixture.python.python, args, { env: fixture.env, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout) as { scheduler: string[][]; worker: string[][] | null };
}

d(
  `logs and cluster actions on a real covalent start (2 workers) on ${python ? describeDaskPython(python) : ''}`,
  () => {
    let cluster: ClusterFixture;
    let monitor: Monitor;
    const waitFor = (test: (s: Snapshot) => boolean, ms: number): Promise<Snapshot> =>
      new Promise((resolve, reject) => {
        const latest = monitor.latest();
        if (latest && test(latest)) return resolve(latest);
        const timer = setTimeout(() => {
          off();
          const s = monitor.latest();
          reject(
            new Error(
              `not within ${ms} ms; last: ${s?.status}: ${s?.reason}; workers ${s?.workers.map((w) => `${w.name}:${w.pid}`)}`,
            ),
          );
        }, ms);
        const off = monitor.onSnapshot((s) => {
          if (!test(s)) return;
          clearTimeout(timer);
          off();
          resolve(s);
        });
      });
    const named = (n: number) => (s: Snapshot) =>
      s.workers.length === n && s.workers.every((w) => w.name !== null && w.address !== null);

    beforeAll(async () => {
      cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
      monitor = createMonitor({ location: locateConfig(cluster.env, cluster.env.HOME!) });
      monitor.start();
      await waitFor((s) => named(2)(s) && s.admin.size !== null, 30_000);
    });
    afterAll(async () => {
      monitor?.stop();
      await cluster?.dispose();
    });

    it("gives the scheduler's last log lines as Dask's own client reads them", async () => {
      const r = await monitor.actions.logs({ of: 'scheduler' }, 5);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      const truth = daskLogs(cluster).scheduler.map(([, text]) => text);
      // The client's own connection adds lines of its own after ours: ours are a run within its log.
      const ours = r.ok ? r.lines.map((l) => l.text) : [];
      expect(ours).toHaveLength(5);
      const at = truth.indexOf(ours[0]!);
      expect(at, `${ours[0]} in Dask's log`).toBeGreaterThanOrEqual(0);
      expect(truth.slice(at, at + 5)).toEqual(ours);
    });

    it("gives a worker's last log lines, and refuses an address that is not one of its workers", async () => {
      const worker = monitor.latest()!.workers[0]!.address!;
      const r = await monitor.actions.logs({ of: 'worker', address: worker }, 3);
      expect(r.ok, JSON.stringify(r)).toBe(true);
      const truth = daskLogs(cluster, worker).worker!.map(([, text]) => text);
      expect(r.ok && r.lines.map((l) => l.text)).toEqual(truth.slice(-3));
      expect(await monitor.actions.logs({ of: 'worker', address: 'tcp://127.0.0.1:1' }, 3)).toEqual({
        ok: false,
        error: 'tcp://127.0.0.1:1 is not a worker of this cluster',
      });
    });

    it("shows Covalent's admin server's view beside Dask's, agreeing", async () => {
      const s = await waitFor((x) => x.admin.at !== null, 15_000);
      expect(s.admin).toMatchObject({
        address: `${cluster.adminAddress.replace('tcp://', '')}`,
        reachable: true,
        size: 2,
        disagreement: null,
      });
      expect(s.admin.statuses).toEqual(Object.fromEntries(s.workers.map((w) => [w.name, w.status])));
    });

    it('scales the cluster through the admin server, and back', async () => {
      expect(await monitor.actions.scaleWorkers(3)).toEqual({ ok: true });
      const three = await waitFor(named(3), 40_000);
      expect(three.workers.map((w) => w.pid).sort()).toEqual(
        workerProcesses(cluster.pid)
          .map((p) => p.pid)
          .sort(),
      );
      await waitFor((s) => s.admin.size === 3 && named(3)(s), 20_000);
      expect(await monitor.actions.scaleWorkers(2)).toEqual({ ok: true });
      await waitFor(named(2), 40_000);
      await expect.poll(() => workerProcesses(cluster.pid).length, { timeout: 20_000 }).toBe(2);
    }, 120_000);

    it('restarts every worker through its nanny: new processes, the same names, each restart reported', async () => {
      const before = monitor.latest()!.workers.map((w) => ({ name: w.name, pid: w.pid }));
      const alertsFrom = monitor.latest()!.alerts.length;
      expect(await monitor.actions.restartWorkers()).toEqual({ ok: true });
      const after = await waitFor(
        (s) => named(2)(s) && s.workers.every((w) => !before.some((b) => b.pid === w.pid)),
        60_000,
      );
      expect(after.workers.map((w) => w.name).sort()).toEqual(before.map((b) => b.name).sort());
      expect(after.workers.map((w) => w.pid).sort()).toEqual(
        workerProcesses(cluster.pid)
          .map((p) => p.pid)
          .sort(),
      );
      const restarts = () =>
        monitor
          .latest()!
          .alerts.slice(alertsFrom)
          .filter((a) => a.kind === 'worker-restarted');
      // Every restart reported: from each worker's process before, the alerts lead to its process now,
      // through any replacement that died starting and was replaced again on the way (current Dask
      // under load: the nanny's Restarting worker after a spawn failure, two true alerts for one worker).
      const leadsToNow = () => {
        const next = new Map(
          restarts().map((a) => /\(pid (\d+) → (\d+)\)/.exec(a.message)!.slice(1).map(Number) as [number, number]),
        );
        return after.workers.every((w) => {
          let pid = before.find((b) => b.name === w.name)!.pid!;
          for (let hops = 0; next.has(pid) && hops < 10; hops++) pid = next.get(pid)!;
          return pid === w.pid;
        });
      };
      await expect.poll(leadsToNow, { timeout: 20_000 }).toBe(true);
      expect(restarts().length, JSON.stringify(restarts().map((a) => a.message))).toBeGreaterThanOrEqual(2);
    }, 120_000);
  },
);
