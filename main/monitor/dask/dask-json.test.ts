import { describe, expect, it } from 'vitest';
import { parseCounts, parseIdentity } from './dask-json';

// Trimmed from a real /json/identity.json of dask distributed 2022.12.1.
const worker = {
  type: 'Worker',
  id: 0,
  host: '127.0.0.1',
  resources: {},
  local_directory: '/tmp/dask-worker-space/worker-ypuqqxze',
  name: 0,
  nthreads: 1,
  memory_limit: 12638031872,
  last_seen: 1795771297.6,
  services: { dashboard: 42639 },
  metrics: { memory: 93708288, managed_bytes: 0, cpu: 0 },
  status: 'running',
  nanny: 'tcp://127.0.0.1:37747',
};
const identity = (workers: Record<string, unknown>) => ({
  type: 'Scheduler',
  id: 'Scheduler-1',
  address: 'tcp://127.0.0.1:36161',
  workers,
});

describe('parseIdentity', () => {
  it('reads a real worker entry', () => {
    expect(parseIdentity(identity({ 'tcp://127.0.0.1:38765': worker }))).toEqual({
      problems: [],
      workers: [
        {
          address: 'tcp://127.0.0.1:38765',
          host: '127.0.0.1',
          port: 38765,
          name: '0',
          nthreads: 1,
          memoryLimitBytes: 12638031872,
          unlimited: false,
          status: 'running',
          memoryBytes: 93708288,
        },
      ],
    });
  });
  it('takes memory_limit 0 as no limit', () => {
    const r = parseIdentity(identity({ 'tcp://127.0.0.1:1': { ...worker, memory_limit: 0 } }));
    expect('workers' in r && r.workers[0]).toMatchObject({ memoryLimitBytes: null, unlimited: true });
  });
  it.each([
    ['memory_limit', -5],
    ['memory_limit', 1e300],
    ['memory_limit', '4GB'],
    ['memory_limit', Number.NaN],
  ])('refuses %s = %s, saying so', (key, value) => {
    const r = parseIdentity(identity({ 'tcp://127.0.0.1:1': { ...worker, [key]: value } }));
    if (!('workers' in r)) throw new Error('expected workers');
    expect(r.workers[0]!.memoryLimitBytes).toBeNull();
    expect(r.workers[0]!.unlimited).toBe(false);
    expect(r.problems[0]).toMatch(/memory_limit .* is not a byte count/);
  });
  it('refuses absurd memory figures and odd statuses', () => {
    const r = parseIdentity(
      identity({ 'tcp://127.0.0.1:1': { ...worker, metrics: { memory: -1 }, status: '<b>x</b>', nthreads: 1.5 } }),
    );
    if (!('workers' in r)) throw new Error('expected workers');
    expect(r.workers[0]).toMatchObject({ memoryBytes: null, status: null, nthreads: null });
  });
  it('skips entries that are not worker addresses', () => {
    const r = parseIdentity(identity({ 'javascript:alert(1)': worker, 'tcp://127.0.0.1:2': 'nope' }));
    expect(r).toMatchObject({ workers: [] });
    expect('problems' in r && r.problems).toHaveLength(2);
  });
  it('escapes control characters in names', () => {
    const r = parseIdentity(identity({ 'tcp://127.0.0.1:1': { ...worker, name: 'a\u001b[2Jb' } }));
    expect('workers' in r && r.workers[0]!.name).toBe('a\\u001b[2Jb');
  });
  it.each([[null], [[]], ['text'], [{ type: 'Worker', workers: {} }], [{ workers: [] }]])('rejects %j', (json) => {
    expect(parseIdentity(json)).toHaveProperty('error');
  });
});

describe('parseCounts', () => {
  it('reads counts.json', () => {
    expect(parseCounts({ tasks: 10, processing: 2, waiting: 3, erred: 1, workers: 2 })).toEqual({
      total: 10,
      processing: 2,
      waiting: 3,
      erred: 1,
    });
  });
  it('rejects wrong types', () => {
    expect(parseCounts({ tasks: '10', processing: 2, waiting: 3, erred: 1 })).toBeNull();
    expect(parseCounts({ tasks: -1, processing: 2, waiting: 3, erred: 1 })).toBeNull();
  });
});
