import { describe, expect, it } from 'vitest';
import type { DaskWorkerInfo } from './dask/dask-json';
import type { ProcInfo } from './proc/process-source';
import { buildWorkerRows } from './worker-rows';

const proc = (pid: number, rss: number): ProcInfo => ({
  pid,
  ppid: 1,
  name: 'python3',
  state: 'sleeping',
  startedAtMs: 0,
  rssBytes: rss,
  threads: 4,
  cpuTimeMs: 0,
  cpuPercent: null,
});
const dask = (
  name: string,
  port: number,
  limit: number | null,
  extra: Partial<DaskWorkerInfo> = {},
): DaskWorkerInfo => ({
  address: `tcp://127.0.0.1:${port}`,
  host: '127.0.0.1',
  port,
  name,
  nthreads: 1,
  memoryLimitBytes: limit,
  unlimited: false,
  status: 'running',
  memoryBytes: 100,
  ...extra,
});

describe('buildWorkerRows', () => {
  it("puts the OS's memory beside Dask's limit, sorted by name", () => {
    const rows = buildWorkerRows({
      processes: [proc(11, 300), proc(12, 100)],
      daskByPid: new Map([
        [11, dask('10', 1, 1000)],
        [12, dask('9', 2, 1000)],
      ]),
      unmatched: [],
      configLimit: null,
      cpuPercent: () => 2,
    });
    expect(rows.map((r) => [r.name, r.pid, r.memoryFraction, r.memoryLimitSource])).toEqual([
      ['9', 12, 0.1, 'dask'],
      ['10', 11, 0.3, 'dask'],
    ]);
  });
  it('uses the limit computed from the config where Dask has not said', () => {
    const [row] = buildWorkerRows({
      processes: [proc(11, 250)],
      daskByPid: new Map(),
      unmatched: [],
      configLimit: { kind: 'bytes', bytes: 1000 },
      cpuPercent: () => null,
    });
    expect(row).toMatchObject({
      name: null,
      memoryLimitBytes: 1000,
      memoryLimitSource: 'config',
      memoryFraction: 0.25,
      status: null,
    });
  });
  it('has no fraction without a limit', () => {
    const [a] = buildWorkerRows({
      processes: [proc(11, 250)],
      daskByPid: new Map([[11, dask('0', 1, null, { unlimited: true })]]),
      unmatched: [],
      configLimit: null,
      cpuPercent: () => null,
    });
    expect(a).toMatchObject({ memoryLimitBytes: null, memoryLimitSource: 'dask', memoryFraction: null });
  });
  it("shows Dask workers without a process with Dask's own memory figure", () => {
    const [row] = buildWorkerRows({
      processes: [],
      daskByPid: new Map(),
      unmatched: [dask('x', 3, 1000)],
      configLimit: null,
      cpuPercent: () => null,
    });
    expect(row).toMatchObject({ name: 'x', pid: null, rssBytes: 100, memoryFraction: 0.1, threads: null });
  });
});
