/**
 * Process and config faults on a real `covalent start`, watched by the CLI's `watch --json`: a
 * worker killed, the scheduler killed, stopped and continued, its pid reused, the config deleted,
 * replaced by another cluster's, and its dashboard port moved. Each must give the right status and
 * alerts, and the monitor must recover by itself.
 *
 * The config faults are made on a copy the monitor is pointed at (--config): Covalent's own file is
 * Covalent's, and its processes rewrite it with what they read before (each `import covalent` does,
 * a Dask worker the nanny spawns among them), which would undo a test's edit at random.
 */
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterFixture,
  daskPythonOrSkip,
  describeDaskPython,
  serverUpSentence,
  startCluster,
} from '../../testing/cluster-fixture';
import { canChoosePid, spawnWithPid } from '../../testing/pid-reuse';
import { childrenOf, isAlive, workerProcesses } from '../../testing/proc-truth';
import { type Watch, startWatch } from '../../testing/run-cli';
import type { Snapshot } from '../../shared/snapshot';

const python = daskPythonOrSkip();
const d = python ? describe : describe.skip;

/** Start time (clock ticks since boot) of a process, to tell it from a later one with the same pid. */
function startTicks(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19] ?? null;
  } catch {
    return null;
  }
}

/** Every process under `pid`, with its start time. */
function descendants(pid: number): { pid: number; start: string | null }[] {
  return childrenOf(pid).flatMap((c) => [{ pid: c.pid, start: startTicks(c.pid) }, ...descendants(c.pid)]);
}

function workerPids(pid: number): number[] {
  return workerProcesses(pid).map((c) => c.pid);
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function waitUntil(cond: () => boolean, ms: number, what: string) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Rewrites the config in place, as Covalent does (truncate, then write). */
function rewrite(file: string, edit: (text: string) => string) {
  fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
}

const clusterAlerts = (w: Watch, from: number) =>
  w.alerts.slice(from).filter((a) => a.kind === 'cluster-started' || a.kind === 'cluster-stopped');
const isRunningWith = (n: number) => (s: Snapshot) =>
  s.status === 'running' && s.workers.length === n && s.workers.every((w) => w.name !== null && w.pid !== null);

d(
  `process and config faults on a real covalent start (2 workers) on ${python ? describeDaskPython(python) : ''}, under watch --json`,
  () => {
    let cluster: ClusterFixture;
    let watch: Watch;
    /** The config the monitor watches: Covalent's, copied, for the test to change. */
    let watched: string;
    /** Processes to make sure of at the end: the cluster's, which a killed scheduler leaves orphaned. */
    const leftovers: { pid: number; start: string | null }[] = [];

    beforeAll(async () => {
      cluster = await startCluster({ workers: 2 });
      watched = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'watched-config-')), 'covalent.conf');
      fs.copyFileSync(cluster.configPath, watched);
      watch = startWatch(['--config', watched], cluster.env);
      await watch.waitForSnapshot(isRunningWith(2), 30_000);
    });
    afterAll(async () => {
      const code = await watch?.stop();
      await cluster?.dispose();
      if (watched) fs.rmSync(path.dirname(watched), { recursive: true, force: true });
      for (const p of leftovers) {
        try {
          if (p.start !== null && startTicks(p.pid) === p.start) process.kill(p.pid, 'SIGKILL');
        } catch {
          // exited meanwhile
        }
      }
      expect(code).toBe(0);
    });

    it('reports a worker killed with SIGKILL as restarted, and shows its replacement', async () => {
      const before = watch.snapshots.at(-1)!.workers.find((w) => w.name === '0')!;
      const from = watch.alerts.length;
      process.kill(before.pid!, 'SIGKILL');
      const alert = await watch.waitForAlert((a) => a.kind === 'worker-restarted', 40_000);
      const m = /^Dask worker 0 was restarted \(pid (\d+) → (\d+)\)$/.exec(alert.message);
      expect(m, alert.message).not.toBeNull();
      expect(Number(m![1])).toBe(before.pid);
      const replacement = Number(m![2]);
      expect(workerPids(cluster.pid)).toContain(replacement);
      await watch.waitForSnapshot(
        (s) => isRunningWith(2)(s) && s.workers.some((w) => w.pid === replacement && w.name === '0'),
        20_000,
      );
      expect(watch.alerts.slice(from).map((a) => a.kind)).toEqual(['worker-restarted']);
    });

    it("turns degraded when the dashboard's port moves to a dead one, after two polls, and recovers", async () => {
      const dead = await freePort();
      const live = cluster.dashboardLink;
      const from = watch.snapshots.length;
      const alertsFrom = watch.alerts.length;
      rewrite(watched, (t) => t.replace(live, `http://127.0.0.1:${dead}/status`));
      try {
        await watch.waitForSnapshot((s) => s.status === 'degraded', 20_000);
        const onDead = watch.snapshots.slice(from).filter((s) => s.dashboard.url === `http://127.0.0.1:${dead}/`);
        const first = onDead.findIndex((s) => s.status === 'degraded');
        // One failed poll is not enough; the second is (a poll already under way may count as the first).
        expect(first).toBeGreaterThanOrEqual(1);
        expect(first).toBeLessThanOrEqual(2);
        expect(onDead.slice(0, first).every((s) => s.status === 'running')).toBe(true);
        expect(onDead[first]!.reason).toBe(
          `The scheduler (process ${cluster.pid}) is alive but its dashboard at 127.0.0.1:${dead} does not answer (127.0.0.1:${dead}: ECONNREFUSED)`,
        );
        expect(onDead[first]!.workers).toHaveLength(2);
      } finally {
        rewrite(watched, (t) => t.replace(`http://127.0.0.1:${dead}/status`, live));
      }
      await watch.waitForSnapshot(isRunningWith(2), 20_000);
      expect(watch.alerts.slice(alertsFrom)).toEqual([]);
    });

    it('says not configured while the config is deleted, and runs on when it is back', async () => {
      const text = fs.readFileSync(watched);
      const alertsFrom = watch.alerts.length;
      fs.unlinkSync(watched);
      try {
        const gone = await watch.waitForSnapshot((s) => s.status === 'not-configured', 20_000);
        expect(gone.reason).toBe(`No Covalent config at ${watched}; Covalent writes it on first use (covalent start)`);
        expect(gone).toMatchObject({ config: null, scheduler: null, workers: [] });
      } finally {
        fs.writeFileSync(watched, text);
      }
      const back = await watch.waitForSnapshot(isRunningWith(2), 20_000);
      expect(back.scheduler!.pid).toBe(cluster.pid);
      // The cluster ran all along: neither stopped nor started.
      expect(watch.alerts.slice(alertsFrom)).toEqual([]);
    });

    it('turns degraded, not stopped, while the scheduler is stopped by SIGSTOP, and running after SIGCONT', async () => {
      const from = watch.snapshots.length;
      const alertsFrom = watch.alerts.length;
      process.kill(cluster.pid, 'SIGSTOP');
      let suspended: Snapshot;
      try {
        suspended = await watch.waitForSnapshot(
          (s) => s.status === 'degraded' && s.scheduler?.suspended === true,
          10_000,
        );
        // Short: while the scheduler is stopped, its workers miss their heartbeats.
        await new Promise((r) => setTimeout(r, 2000));
      } finally {
        process.kill(cluster.pid, 'SIGCONT');
      }
      expect(suspended.reason).toBe(
        `The scheduler process ${cluster.pid} is suspended (stopped by a signal), so Dask cannot answer`,
      );
      await watch.waitForSnapshot(isRunningWith(2), 30_000);
      const during = watch.snapshots.slice(from);
      expect(during.map((s) => s.status)).not.toContain('stopped');
      expect(during.every((s) => s.scheduler?.pid === cluster.pid && s.scheduler.alive)).toBe(true);
      expect(watch.alerts.slice(alertsFrom)).toEqual([]);
    });

    it('follows the config to another cluster, without calling the one it left stopped, and back', async () => {
      const other = await startCluster({ workers: 1 });
      const original = fs.readFileSync(watched);
      const alertsFrom = watch.alerts.length;
      try {
        fs.writeFileSync(watched, fs.readFileSync(other.configPath));
        const there = await watch.waitForSnapshot((s) => s.scheduler?.pid === other.pid && isRunningWith(1)(s), 30_000);
        expect(there.reason).toMatch(/^1 worker running\b/);
        expect(there.config!.schedulerAddress).toBe(other.schedulerAddress);
        await waitUntil(() => clusterAlerts(watch, alertsFrom).length > 0, 10_000, 'the switch alert');
        expect(clusterAlerts(watch, alertsFrom).map((a) => [a.kind, a.message])).toEqual([
          [
            'cluster-started',
            `Covalent's config now names another Dask cluster (process ${other.pid}); process ${cluster.pid} still runs but is no longer watched`,
          ],
        ]);
        expect(isAlive(cluster.pid)).toBe(true);

        // Then a config naming a cluster that is gone: stopped, and the one left behind still runs.
        const toDead = watch.alerts.length;
        fs.writeFileSync(watched, fs.readFileSync(other.configPath, 'utf8').replace(/^pid = \d+$/m, 'pid = 4194305'));
        // Stopped, once the server the new config names has been asked (a round after the switch).
        const dead = await watch.waitForSnapshot(
          (s) => s.status === 'stopped' && s.workflows.reachable !== null,
          30_000,
        );
        expect(dead.reason).toBe(
          `The Dask cluster is not running: process 4194305 has exited${serverUpSentence(other)}`,
        );
        await waitUntil(
          () => clusterAlerts(watch, toDead).length > 0,
          10_000,
          'the alert for the config naming a dead cluster',
        );
        expect(clusterAlerts(watch, toDead).map((a) => [a.kind, a.message])).toEqual([
          [
            'cluster-stopped',
            `Covalent's config no longer names the Dask cluster of process ${other.pid}, which still runs`,
          ],
        ]);

        const switchBack = watch.alerts.length;
        fs.writeFileSync(watched, original);
        await watch.waitForSnapshot((s) => s.scheduler?.pid === cluster.pid && isRunningWith(2)(s), 30_000);
        await waitUntil(() => clusterAlerts(watch, switchBack).length > 0, 10_000, 'the switch-back alert');
        expect(clusterAlerts(watch, switchBack).map((a) => [a.kind, a.message])).toEqual([
          ['cluster-started', `The Dask cluster started (process ${cluster.pid})`],
        ]);
        expect(watch.alerts.slice(alertsFrom).filter((a) => a.kind === 'worker-restarted')).toEqual([]);
      } finally {
        fs.writeFileSync(watched, original);
        await other.dispose();
      }
    }, 90_000);

    it('says stopped within two samples of a SIGKILL to the scheduler, and alerts once', async () => {
      await watch.waitForSnapshot(isRunningWith(2), 20_000);
      leftovers.push(...descendants(cluster.pid));
      const alertsFrom = watch.alerts.length;
      const killedAt = Date.now();
      process.kill(cluster.pid, 'SIGKILL');
      const stopped = await watch.waitForSnapshot((s) => s.status === 'stopped', 20_000);
      expect(stopped.reason).toBe(
        `The Dask cluster is not running: process ${cluster.pid} has exited${serverUpSentence(cluster)}`,
      );
      expect(stopped).toMatchObject({
        runtimeKeysStale: true,
        workers: [],
        scheduler: { pid: cluster.pid, alive: false },
      });
      // Samples that began before the kill may still show it running: at most one such, then stopped.
      const after = watch.snapshots.filter((s) => Date.parse(s.sampledAt) >= killedAt);
      expect(after.findIndex((s) => s.status === 'stopped')).toBeLessThanOrEqual(1);
      // A few more samples: still one alert.
      const mark = watch.snapshots.length;
      await waitUntil(() => watch.snapshots.length >= mark + 3, 20_000, 'three more samples');
      expect(watch.snapshots.slice(mark).every((s) => s.status === 'stopped')).toBe(true);
      expect(clusterAlerts(watch, alertsFrom).map((a) => [a.kind, a.message])).toEqual([
        ['cluster-stopped', `The Dask cluster (process ${cluster.pid}) stopped`],
      ]);
    });

    it('does not take the pid, reused by an unrelated process, for the cluster', async ({ skip }) => {
      if (!canChoosePid()) skip('choosing a pid means writing /proc/sys/kernel/ns_last_pid, which needs root');
      // The killed cluster process stays a zombie until its parent (Covalent's server) goes:
      // covalent stop, as a user would, frees the pid.
      await cluster.stop();
      await waitUntil(() => !isAlive(cluster.pid), 20_000, `pid ${cluster.pid} to be free`);
      const alertsFrom = watch.alerts.length;
      const impostor = await spawnWithPid(cluster.pid);
      try {
        const s = await watch.waitForSnapshot(
          (x) => x.scheduler?.pid === cluster.pid && /\(sleep\)/.test(x.reason),
          20_000,
        );
        expect(s.status).toBe('stopped');
        expect(s.reason).toMatch(
          new RegExp(
            // covalent stop stopped its server too: said up only from its last answer, a round of its watch ago at most.
            `^The Dask cluster is not running: process ${cluster.pid} \\(sleep\\) started at .*, after Covalent wrote that pid(; Covalent's server is up at \\S+)?$`,
          ),
        );
        expect(s.scheduler!.alive).toBe(false);
        const mark = watch.snapshots.length;
        await waitUntil(() => watch.snapshots.length >= mark + 2, 20_000, 'two more samples');
        expect(watch.snapshots.slice(mark).every((x) => x.status === 'stopped')).toBe(true);
        expect(clusterAlerts(watch, alertsFrom)).toEqual([]);
      } finally {
        impostor.kill('SIGKILL');
      }
    });
  },
);
