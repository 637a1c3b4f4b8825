import { describe, expect, it } from 'vitest';
import type { Snapshot, WorkerSample } from '../../shared/snapshot';
import { makeDispatch, makeWorker, makeWorkflows, emptySnapshot as snapshotOf } from '../../testing/fixtures';
import { trayIconFile, trayIconFor, trayTooltip } from './tray-icon';

const worker = (rss: number): WorkerSample =>
  makeWorker(0, rss / 1e9, { address: null, pid: 1, rssBytes: rss, threads: 4, cpuPercent: 0 }, 1e9);
describe('trayIconFor', () => {
  it('gives each status an icon, the two config problems one between them', () => {
    expect(
      ['running', 'degraded', 'stopped', 'no-cluster', 'not-configured', 'config-error'].map((s) =>
        trayIconFor(s as Snapshot['status']),
      ),
    ).toEqual(['running', 'degraded', 'stopped', 'no-cluster', 'problem', 'problem']);
    expect(trayIconFor(null)).toBe('problem');
  });
});

describe('trayIconFile', () => {
  it('uses template images on macOS, .ico on Windows, colour PNG on Linux', () => {
    expect(trayIconFile('running', 'darwin')).toBe('tray-runningTemplate.png');
    expect(trayIconFile('running', 'win32')).toBe('tray-running.ico');
    expect(trayIconFile('running', 'linux')).toBe('tray-running.png');
  });
});

describe('trayTooltip', () => {
  it('is one line with workers and memory while the cluster runs', () => {
    const s = snapshotOf({
      config: { numWorkers: 4 } as Snapshot['config'],
      scheduler: { pid: 1, alive: true, rssBytes: 1, threads: 1, cpuPercent: 0, suspended: false },
      workers: [worker(3e8), worker(3e8), worker(3e8), worker(4e8)],
    });
    expect(trayTooltip(s)).toBe('Covalent Dask: running · 4/4 workers · 1.3 GB');
  });
  it('says what is wrong otherwise', () => {
    expect(trayTooltip(snapshotOf({ status: 'not-configured' }))).toBe('Covalent Dask: not configured');
    expect(trayTooltip(snapshotOf({ status: 'no-cluster' }))).toBe('Covalent Dask: no cluster (local executor)');
    expect(trayTooltip(null)).toBe('Covalent Dask: starting…');
  });

  it('ends with the title of an alert the OS would not notify', () => {
    const missed = { title: 'Dask worker restarted', body: 'Dask worker 1 was restarted' };
    expect(trayTooltip(snapshotOf({ status: 'stopped' }), missed)).toBe(
      'Covalent Dask: stopped · ⚠ Dask worker restarted',
    );
  });
});

describe('trayTooltip and Covalent’s server', () => {
  const live = {
    config: { numWorkers: 1 } as Snapshot['config'],
    scheduler: { pid: 1, alive: true, rssBytes: 1, threads: 1, cpuPercent: 0, suspended: false },
    workers: [worker(3e8)],
  };
  it('adds how many workflows run', () => {
    const s = snapshotOf({ ...live, workflows: makeWorkflows([makeDispatch(), makeDispatch({ id: 'x' })]) });
    expect(trayTooltip(s)).toBe('Covalent Dask: running · 1/1 workers · 300 MB · 2 workflows running');
  });
  it('says the server is down while the cluster runs', () => {
    const s = snapshotOf({ ...live, workflows: { ...makeWorkflows(), reachable: false, totals: null } });
    expect(trayTooltip(s)).toBe('Covalent Dask: running · 1/1 workers · 300 MB · Covalent server down');
  });
});
