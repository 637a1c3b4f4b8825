import { describe, expect, it } from 'vitest';
import { notificationFor } from './notification-text';
import type { Alert } from '../../shared/snapshot';

const at = '2026-11-27T10:00:00.000Z';
const high: Alert = {
  kind: 'worker-memory-high',
  worker: '2',
  at,
  message: 'Dask worker 2 is at 84 % of its 1.0 GB limit — Dask pauses it at 80 % and restarts it at 95 %',
};

describe('notificationFor', () => {
  it('words a worker short of memory', () => {
    expect(notificationFor(high, true)).toEqual({
      title: 'Dask worker short of memory',
      body: 'Dask worker 2 is at 84 % of its 1.0 GB limit — Dask pauses it at 80 % and restarts it at 95 %',
    });
  });
  it('words a restart', () => {
    const restarted: Alert = {
      kind: 'worker-restarted',
      worker: '2',
      at,
      message: 'Dask worker 2 was restarted (pid 1 → 2)',
    };
    expect(notificationFor(restarted, true)).toEqual({
      title: 'Dask worker restarted',
      body: 'Dask worker 2 was restarted (pid 1 → 2)',
    });
  });
  it("says why in one line, from Dask's report or inferred, and what the worker was running", () => {
    const restart = {
      oldPid: 1,
      newPid: 2,
      rssBytes: 388e6,
      limitBytes: 400e6,
      tasks: ['dask_job_7203c495-24bf-4771-92c2-ad838cbed850:0'],
    };
    const of = (cause: 'memory-killed' | 'memory-likely' | 'unknown', tasks = restart.tasks) =>
      notificationFor(
        { kind: 'worker-restarted', worker: '2', at, message: 'm', restart: { ...restart, cause, tasks } },
        true,
      );
    expect(of('memory-killed')).toEqual({
      title: 'Dask worker 2 restarted',
      body: "Killed by its nanny at 97 % of its 400 MB limit (Dask's report) · was running electron 0 of dispatch 7203c495",
    });
    expect(of('memory-likely', [])!.body).toBe(
      'Most likely killed for memory: 97 % of its 400 MB limit just before (inferred)',
    );
    expect(of('unknown', [])!.body).toBe('Restarted; Dask reports no cause');
  });
  it('stays quiet while paused, and for the cluster starting or stopping', () => {
    expect(notificationFor(high, false)).toBeNull();
    expect(notificationFor({ kind: 'cluster-stopped', worker: null, at, message: 'x' }, true)).toBeNull();
    expect(notificationFor({ kind: 'cluster-started', worker: null, at, message: 'x' }, true)).toBeNull();
  });
});
