/**
 * Alerts from a real cluster under real memory pressure: a task makes one worker allocate past
 * Dask's pause threshold and hold (worker-memory-high, while the worker lives), then past the
 * nanny's 95 % (the worker is killed and restarted: worker-restarted).
 */
import { afterAll, beforeAll, expect, it, describe } from 'vitest';
import { type ClusterFixture, daskPythonOrSkip, pressWorker, startCluster } from '../../scripts/cluster-fixture';
import { childrenOf, isAlive } from '../../scripts/proc-truth';
import { type Watch, startWatch } from '../../scripts/run-cli';

const d = daskPythonOrSkip() ? describe : describe.skip;

d('memory pressure on worker 1 of 2 (mem_per_worker "400MB")', () => {
  let cluster: ClusterFixture;
  let watch: Watch;
  beforeAll(async () => {
    cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
    watch = startWatch([], cluster.env);
    await watch.waitForSnapshot((s) => s.status === 'running' && s.workers.every((w) => w.name !== null), 15_000);
  });
  afterAll(async () => {
    await watch?.stop();
    await cluster?.dispose();
  });

  it('warns once at 80 % while the worker still lives', async () => {
    const before = watch.snapshots.at(-1)!.workers.find((w) => w.name === '1')!;
    const press = pressWorker(cluster, '1', 0.86, 6);
    try {
      const alert = await watch.waitForAlert((a) => a.kind === 'worker-memory-high', 20_000);
      expect(isAlive(before.pid!)).toBe(true);
      expect(alert.worker).toBe('1');
      expect(alert.message).toMatch(/^Dask worker 1 is at 8\d % of its 400 MB limit — Dask pauses it at 80 % and restarts it at 95 %$/);
      const degraded = await watch.waitForSnapshot((s) => s.status === 'degraded', 5_000);
      expect(degraded.reason).toMatch(/^Worker 1 is at 8\d % of its 400 MB memory limit/);
      const result = await press.done;
      expect(result).toMatchObject({ done: true, pid: before.pid });
      // held for 6 s at ~86 %: still one alert for the episode
      expect(watch.alerts.filter((a) => a.kind === 'worker-memory-high')).toHaveLength(1);
    } finally {
      press.stop();
    }
    await watch.waitForSnapshot((s) => s.status === 'running', 10_000);
  });

  it('reports the restart when the nanny kills the worker at 95 %', async () => {
    const before = watch.snapshots.at(-1)!.workers.find((w) => w.name === '1')!;
    const press = pressWorker(cluster, '1', 0.99, 30);
    try {
      const alert = await watch.waitForAlert((a) => a.kind === 'worker-restarted', 30_000);
      expect(alert.worker).toBe('1');
      const m = /^Dask worker 1 was restarted \(pid (\d+) → (\d+)\)/.exec(alert.message);
      expect(m, alert.message).not.toBeNull();
      expect(Number(m![1])).toBe(before.pid);
      expect(isAlive(before.pid!)).toBe(false);
      const replacement = Number(m![2]);
      expect(childrenOf(cluster.pid).map((c) => c.pid)).toContain(replacement);
      const after = await watch.waitForSnapshot((s) => s.workers.some((w) => w.pid === replacement && w.name === '1'), 15_000);
      expect(after.workers).toHaveLength(2);
    } finally {
      press.stop();
    }
  });
});
