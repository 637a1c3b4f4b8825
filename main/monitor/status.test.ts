import { describe, expect, it } from 'vitest';
import type { WorkerSample } from '../../shared/snapshot';
import { makeWorker } from '../../testing/fixtures';
import { type StatusInput, deriveStatus } from './status';

const GB = 1e9;
function worker(name: string, fraction: number, status = 'running'): WorkerSample {
  return makeWorker(
    Number(name),
    fraction,
    { name, address: null, pid: 10 + Number(name), rssBytes: fraction * GB, cpuPercent: 1, status },
    GB,
  );
}
const base: StatusInput = {
  configPath: '/h/.config/covalent/covalent.conf',
  configKind: 'ok',
  configError: null,
  configFromLastGood: false,
  configRewriting: false,
  blockingIssue: null,
  noCluster: false,
  verdict: { kind: 'cluster', pid: 4214, startedAtMs: 0, evidence: 'port' },
  suspended: false,
  workers: [worker('0', 0.2), worker('1', 0.3)],
  expectedWorkers: 2,
  dashboardSilent: null,
  alertFraction: 0.8,
  now: Date.parse('2026-01-01T10:00:01.000Z'),
  staleAfterMs: 3000,
};
const derive = (patch: Partial<StatusInput>) => deriveStatus({ ...base, ...patch });

describe('deriveStatus', () => {
  it('running, with the workers and their memory', () => {
    expect(derive({})).toEqual({ status: 'running', reason: '2 workers running, 1.0 GB each' });
    expect(derive({ workers: [worker('0', 0.1), { ...worker('1', 0.1), memoryLimitBytes: 2 * GB }] }).reason).toBe(
      '2 workers running',
    );
  });
  it('not-configured names the path it looked at', () => {
    expect(derive({ configKind: 'missing' })).toEqual({
      status: 'not-configured',
      reason:
        'No Covalent config at /h/.config/covalent/covalent.conf; Covalent writes it on first use (covalent start)',
    });
  });
  it("config-error gives the parser's message and line, and says the last values are shown", () => {
    const r = derive({
      configKind: 'error',
      configError: { message: 'Expected "]"', line: 3, column: 5 },
      configFromLastGood: true,
    });
    expect(r).toEqual({
      status: 'config-error',
      reason: 'The config cannot be read: Expected "]" (line 3); showing the last values read',
    });
  });
  it('the last good values stand while the file is caught empty mid-rewrite', () => {
    const empty = { message: '/c is empty (Covalent may be rewriting it)', line: null, column: null };
    expect(
      derive({ configKind: 'error', configError: empty, configFromLastGood: true, configRewriting: true }),
    ).toEqual(derive({}));
    expect(derive({ configKind: 'error', configError: empty, configFromLastGood: true }).status).toBe('config-error');
  });
  it('paused by Dask, from its answer of this sample', () => {
    const r = derive({ workers: [worker('0', 0.5, 'paused'), worker('1', 0.3)] });
    expect(r).toEqual({ status: 'degraded', reason: 'Worker 0 is paused by Dask: it is short of memory' });
  });
  it('paused by Dask at an answer that is out of date: says how old, not that it is paused now', () => {
    const stale = { ...worker('0', 0.5, 'paused'), daskSeenAt: '2026-01-01T09:59:48.000Z' };
    expect(derive({ workers: [stale, worker('1', 0.3)] })).toEqual({
      status: 'degraded',
      reason: 'Worker 0 was paused by Dask at its last answer, 13 s ago; Dask has not described its workers since',
    });
  });
  it('config-error for a value the monitor needs', () => {
    const r = derive({
      blockingIssue: { key: 'pid', tomlKey: 'dask.pid', value: '"abc"', message: '[dask] pid should be a process id' },
    });
    expect(r).toEqual({
      status: 'config-error',
      reason: 'The config has a bad value: [dask] pid should be a process id ("abc")',
    });
  });
  it('no-cluster wins over a stale pid', () => {
    expect(derive({ noCluster: true, verdict: { kind: 'gone', pid: 4214 } }).status).toBe('no-cluster');
  });
  it.each([
    [
      { kind: 'no-pid' } as const,
      'Covalent has not started a Dask cluster: the config has no pid (covalent start starts one)',
    ],
    [{ kind: 'gone', pid: 4214 } as const, 'The Dask cluster is not running: process 4214 has exited'],
    [
      {
        kind: 'impostor',
        pid: 4214,
        why: "process 4214 (sleep) does not listen on the scheduler's port 56006",
      } as const,
      "The Dask cluster is not running: process 4214 (sleep) does not listen on the scheduler's port 56006",
    ],
  ])('stopped: %o', (verdict, reason) => {
    expect(derive({ verdict })).toEqual({ status: 'stopped', reason });
  });
  it('degraded when suspended, before anything else', () => {
    expect(derive({ suspended: true, workers: [] }).reason).toMatch(/^The scheduler process 4214 is suspended/);
  });
  it('degraded by the worker nearest its limit, counting the others', () => {
    const r = derive({ workers: [worker('0', 0.81), worker('1', 0.93), worker('2', 0.2)], expectedWorkers: 3 });
    expect(r).toEqual({
      status: 'degraded',
      reason:
        'Worker 1 is at 93 % of its 1.0 GB memory limit (and 1 more); Dask pauses a worker at 80 % and restarts it at 95 %',
    });
  });
  it('degraded at exactly the alert fraction', () => {
    expect(derive({ workers: [worker('0', 0.8), worker('1', 0.1)] }).status).toBe('degraded');
    expect(derive({ workers: [worker('0', 0.7999), worker('1', 0.1)] }).status).toBe('running');
  });
  it('degraded by a paused worker', () => {
    expect(derive({ workers: [worker('0', 0.5, 'paused'), worker('1', 0.1)] }).reason).toBe(
      'Worker 0 is paused by Dask: it is short of memory',
    );
  });
  it('degraded with fewer workers than configured', () => {
    expect(derive({ workers: [worker('0', 0.1)] })).toEqual({
      status: 'degraded',
      reason: '1 of 2 workers are running',
    });
  });
  it('degraded when the dashboard is silent while the scheduler lives', () => {
    expect(derive({ dashboardSilent: 'its dashboard at 127.0.0.1:8787 does not answer' }).reason).toBe(
      'The scheduler (process 4214) is alive but its dashboard at 127.0.0.1:8787 does not answer',
    );
  });
});
