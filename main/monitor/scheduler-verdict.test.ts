import { describe, expect, it } from 'vitest';
import type { ChildInfo, ProcInfo } from './proc/process-source';
import { isWorkerProcess, judgeScheduler, type VerdictInput } from './scheduler-verdict';

const root: ProcInfo = {
  pid: 4214,
  ppid: 4210,
  name: 'python3',
  state: 'sleeping',
  startedAtMs: 1_000_000,
  rssBytes: 1,
  threads: 8,
  cpuTimeMs: 1,
  cpuPercent: null,
};
const child = (cmdline: string): ChildInfo => ({ ...root, pid: 5000, ppid: 4214, cmdline });
const SPAWN =
  '/usr/bin/python3 -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=28, pipe_handle=40) --multiprocessing-fork';
const base: VerdictInput = {
  pid: 4214,
  root,
  children: [child(SPAWN)],
  pidWrittenAtMs: 1_005_000,
  schedulerPort: 56006,
  listening: new Map([[56006, 4214]]),
};

describe('judgeScheduler', () => {
  it('no pid in the config', () => {
    expect(judgeScheduler({ ...base, pid: null })).toEqual({ kind: 'no-pid' });
  });
  it('no such process, or a zombie', () => {
    expect(judgeScheduler({ ...base, root: null })).toEqual({ kind: 'gone', pid: 4214 });
    expect(judgeScheduler({ ...base, root: { ...root, state: 'zombie' } })).toEqual({ kind: 'gone', pid: 4214 });
  });
  it("the cluster, when it holds the scheduler's port", () => {
    expect(judgeScheduler(base)).toMatchObject({ kind: 'cluster', evidence: 'port' });
  });
  it('an impostor that started after the pid was written', () => {
    const v = judgeScheduler({ ...base, root: { ...root, startedAtMs: 1_010_000 } });
    expect(v).toMatchObject({ kind: 'impostor', why: expect.stringMatching(/after Covalent wrote that pid/) });
  });
  it('allows for start-time rounding', () => {
    expect(judgeScheduler({ ...base, root: { ...root, startedAtMs: 1_006_500 } }).kind).toBe('cluster');
  });
  it('an impostor that does not hold the port, even an older Python process', () => {
    expect(judgeScheduler({ ...base, listening: new Map([[56006, 999]]) })).toMatchObject({
      kind: 'impostor',
      why: "process 4214 (python3) does not listen on the scheduler's port 56006",
    });
  });
  it('without a socket view, a Python process with multiprocessing children', () => {
    expect(judgeScheduler({ ...base, listening: undefined })).toMatchObject({
      kind: 'cluster',
      evidence: 'process-tree',
    });
    expect(judgeScheduler({ ...base, listening: undefined, children: [] })).toMatchObject({ kind: 'impostor' });
    expect(judgeScheduler({ ...base, listening: undefined, root: { ...root, name: 'sleep' } })).toMatchObject({
      kind: 'impostor',
      why: 'process 4214 is sleep, not Python',
    });
  });
});

describe('isWorkerProcess', () => {
  it("leaves out multiprocessing's helpers", () => {
    expect(isWorkerProcess(child(SPAWN))).toBe(true);
    expect(
      isWorkerProcess(child('/usr/bin/python3 -B -c from multiprocessing.resource_tracker import main;main(27)')),
    ).toBe(false);
    expect(isWorkerProcess(child('/usr/bin/python3 -c from multiprocessing.forkserver import main; main(3, 4)'))).toBe(
      false,
    );
  });
  it('leaves out a worker that died and is not reaped yet', () => {
    expect(isWorkerProcess({ ...child(SPAWN), state: 'zombie' })).toBe(false);
  });
});
