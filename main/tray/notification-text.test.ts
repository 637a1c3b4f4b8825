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
  it('stays quiet while paused, and for the cluster starting or stopping', () => {
    expect(notificationFor(high, false)).toBeNull();
    expect(notificationFor({ kind: 'cluster-stopped', worker: null, at, message: 'x' }, true)).toBeNull();
    expect(notificationFor({ kind: 'cluster-started', worker: null, at, message: 'x' }, true)).toBeNull();
  });
});
