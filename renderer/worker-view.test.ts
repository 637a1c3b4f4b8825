import { describe, expect, it } from 'vitest';
import { makeWorker } from '../testing/fixtures';
import { MAX_WORKER_ROWS, selectWorkerRows, workerKey } from './worker-view';

describe('selectWorkerRows', () => {
  it('shows every worker, in the given (name) order, when they fit', () => {
    const workers = [makeWorker(0, 0.2), makeWorker(1, 0.9), makeWorker(2, null)];
    const view = selectWorkerRows(workers);
    expect(view).toEqual({ rows: workers, hidden: 0, order: 'name' });
  });

  it('with 256 workers shows the 24 nearest their limit, nearest first, and counts the rest', () => {
    // Fractions spread so that the nearest are scattered through the list.
    const workers = Array.from({ length: 256 }, (_, i) => makeWorker(i, ((i * 37) % 256) / 256));
    const view = selectWorkerRows(workers);
    expect(MAX_WORKER_ROWS).toBe(24);
    expect(view.rows).toHaveLength(24);
    expect(view.hidden).toBe(232);
    expect(view.order).toBe('nearest-limit');
    const fractions = view.rows.map((w) => w.memoryFraction!);
    expect(fractions).toEqual([...fractions].sort((a, b) => b - a));
    const cutoff = fractions.at(-1)!;
    expect(workers.filter((w) => w.memoryFraction! > cutoff)).toHaveLength(23);
    expect(fractions[0]).toBe(255 / 256);
  });

  it('puts workers with no known fraction last', () => {
    const workers = [makeWorker(0, null), makeWorker(1, 0.1), makeWorker(2, 0.5)];
    const view = selectWorkerRows(workers, 2);
    expect(view.rows.map((w) => w.name)).toEqual(['2', '1']);
    expect(view.hidden).toBe(1);
  });
});

describe('workerKey', () => {
  it('follows a worker by pid, else by Dask address', () => {
    expect(workerKey(makeWorker(3))).toBe('pid:5003');
    expect(workerKey(makeWorker(3, 0.1, { pid: null }))).toBe('dask:tcp://127.0.0.1:40003');
  });
});
