import { describe, expect, it } from 'vitest';
import type { DaskWorkerInfo } from './dask/dask-json';
import type { ChildInfo } from './proc/process-source';
import {
  type MatchInput,
  NO_SOCKET_VIEW,
  RESTART_WINDOW_MS,
  createWorkerMatcher,
  inferReplacements,
  matchWorkers,
} from './worker-matcher';

const proc = (pid: number): ChildInfo => ({
  pid,
  ppid: 1,
  name: 'python3',
  state: 'sleeping',
  startedAtMs: 0,
  rssBytes: 1,
  threads: 4,
  cpuTimeMs: 0,
  cpuPercent: null,
  cmdline: 'spawn_main',
});
const dask = (name: string, port: number): DaskWorkerInfo => ({
  address: `tcp://127.0.0.1:${port}`,
  host: '127.0.0.1',
  port,
  name,
  nthreads: 1,
  memoryLimitBytes: 1000,
  unlimited: false,
  status: 'running',
  memoryBytes: 1,
});

/** A socket lookup that answers from a table and records each question. */
function ports(table: Record<number, number> | undefined) {
  const asked: number[][] = [];
  const lookup: MatchInput['listeningPorts'] = (pids) => {
    asked.push([...pids]);
    if (!table) return undefined;
    return new Map(
      Object.entries(table)
        .map(([port, pid]) => [Number(port), pid] as const)
        .filter(([, pid]) => pids.includes(pid)),
    );
  };
  return { asked, lookup };
}

const none = { known: new Map<number, DaskWorkerInfo>(), dead: new Set<string>() };

describe('matchWorkers', () => {
  it('pairs each Dask worker with the process that listens on its port', () => {
    const p = ports({ 40001: 11, 40002: 12 });
    const r = matchWorkers({
      procs: [proc(11), proc(12)],
      dask: [dask('0', 40001), dask('1', 40002)],
      ...none,
      listeningPorts: p.lookup,
    });
    expect([...r.byPid].map(([pid, d]) => [pid, d.name])).toEqual([
      [11, '0'],
      [12, '1'],
    ]);
    expect(r).toMatchObject({ unmatched: [], note: null });
    expect(p.asked).toEqual([[11, 12]]);
  });

  it('keeps a pair by address while the process lives, without asking the OS again', () => {
    const p = ports({});
    const known = new Map([[11, dask('0', 40001)]]);
    const fresh = { ...dask('0', 40001), status: 'paused' };
    const r = matchWorkers({ procs: [proc(11)], dask: [fresh], known, dead: new Set(), listeningPorts: p.lookup });
    expect(r.byPid.get(11)).toBe(fresh);
    expect(p.asked).toEqual([]);
  });

  it('drops the row of a worker whose process died while Dask still lists it, until Dask forgets it too', () => {
    const p = ports({ 40003: 13 });
    const known = new Map([[11, dask('0', 40001)]]);
    const listed = matchWorkers({
      procs: [proc(13)],
      dask: [dask('0', 40001), dask('0', 40003)],
      known,
      dead: new Set(),
      listeningPorts: p.lookup,
    });
    expect(listed.unmatched).toEqual([]);
    expect([...listed.dead]).toEqual(['tcp://127.0.0.1:40001']);
    expect(listed.byPid.get(13)?.port).toBe(40003);
    const forgotten = matchWorkers({
      procs: [proc(13)],
      dask: [dask('0', 40003)],
      known: listed.byPid,
      dead: listed.dead,
      listeningPorts: p.lookup,
    });
    expect([...forgotten.dead]).toEqual([]);
  });

  it('leaves a Dask worker unmatched when no process holds its port (a worker from elsewhere)', () => {
    const r = matchWorkers({
      procs: [proc(11)],
      dask: [dask('0', 40001), dask('x', 40009)],
      ...none,
      listeningPorts: ports({ 40001: 11 }).lookup,
    });
    expect(r.unmatched.map((d) => d.name)).toEqual(['x']);
  });

  it('never pairs two Dask workers with one process', () => {
    const r = matchWorkers({
      procs: [proc(11)],
      dask: [dask('0', 40001), dask('1', 40001)],
      ...none,
      listeningPorts: ports({ 40001: 11 }).lookup,
    });
    expect(r.byPid.size).toBe(1);
    expect(r.unmatched).toHaveLength(1);
  });

  it('says so, and pairs nothing, where the OS will not show sockets', () => {
    const r = matchWorkers({
      procs: [proc(11)],
      dask: [dask('0', 40001)],
      ...none,
      listeningPorts: ports(undefined).lookup,
    });
    expect(r).toMatchObject({ note: NO_SOCKET_VIEW, unmatched: [dask('0', 40001)] });
    expect(r.byPid.size).toBe(0);
  });

  it('asks nothing when there are no processes left to pair', () => {
    const p = ports({});
    const r = matchWorkers({ procs: [], dask: [dask('0', 40001)], ...none, listeningPorts: p.lookup });
    expect(p.asked).toEqual([]);
    expect(r.unmatched).toHaveLength(1);
  });
});

describe('createWorkerMatcher', () => {
  it('remembers pairs between samples, and forgets them on reset', () => {
    const p = ports({ 40001: 11 });
    const m = createWorkerMatcher(p.lookup);
    const workers = [dask('0', 40001)];
    expect(m.hasUnpaired([proc(11)], workers)).toBe(true);
    m.match([proc(11)], workers, 0);
    expect(m.hasUnpaired([proc(11)], workers)).toBe(false);
    m.match([proc(11)], workers, 0);
    expect(p.asked).toHaveLength(1);
    expect(m.hasUnpaired([proc(11), proc(12)], workers)).toBe(true);
    m.reset();
    expect(m.hasUnpaired([proc(11)], workers)).toBe(true);
  });
});

describe('a restarted worker, before Dask lists it', () => {
  const workers = [dask('0', 40001), dask('1', 40002)];
  const table: Record<number, number> = { 40001: 11, 40002: 12 };
  const m = () => createWorkerMatcher(ports(table).lookup);

  it('takes the name of the only worker that died, and its limit, until Dask lists it', () => {
    const matcher = m();
    matcher.match([proc(11), proc(12)], workers, 0);
    // The nanny of worker 1 restarts it as pid 13; Dask still lists only the old address.
    const during = matcher.match([proc(11), proc(13)], workers, 1000);
    expect([...during.replacements]).toEqual([[13, { info: workers[1], replacedPid: 12 }]]);
    // Dask lists it at its new address: its own entry wins, and the stand-in is gone.
    table[40003] = 13;
    const after = matcher.match([proc(11), proc(13)], [workers[0]!, dask('1', 40003)], 2000);
    expect(after.replacements.size).toBe(0);
    expect(after.byPid.get(13)?.port).toBe(40003);
  });

  it('follows a stand-in killed in turn: its replacement takes the name too', () => {
    const matcher = m();
    matcher.match([proc(11), proc(12)], workers, 0);
    matcher.match([proc(11), proc(13)], workers, 1000);
    const next = matcher.match([proc(11), proc(14)], workers, 2000);
    expect([...next.replacements]).toEqual([[14, { info: workers[1], replacedPid: 13 }]]);
  });

  it('takes the name of a worker Dask forgot while its process was closing (the nanny restart on 2022.12)', () => {
    const matcher = m();
    matcher.match([proc(11), proc(12)], workers, 0);
    // Dask drops worker 1 as it closes; its process lingers, and stands for no one.
    expect(matcher.match([proc(11), proc(12)], [workers[0]!], 1000).replacements.size).toBe(0);
    const next = matcher.match([proc(11), proc(13)], [workers[0]!], 2000);
    expect([...next.replacements]).toEqual([[13, { info: workers[1], replacedPid: 12 }]]);
  });

  it('does not give a restarted worker the name of one scaled away just before', () => {
    const matcher = m();
    table[40009] = 19;
    const three = [...workers, dask('2', 40009)];
    matcher.match([proc(11), proc(12), proc(19)], three, 0);
    // Scaled down: worker 2's process is gone while Dask still lists it.
    matcher.match([proc(11), proc(12)], three, 1000);
    // Then worker 1 is restarted: Dask forgets it as it closes, and its replacement comes.
    matcher.match([proc(11), proc(12)], [workers[0]!], 2000);
    expect(matcher.match([proc(11), proc(13)], [workers[0]!], 3000).replacements.size).toBe(0);
  });

  it('names nobody when two died at once: either could be either', () => {
    const matcher = m();
    matcher.match([proc(11), proc(12)], workers, 0);
    expect(matcher.match([proc(13), proc(14)], workers, 1000).replacements.size).toBe(0);
  });

  it('names nobody for a worker added while none died, nor after the restart window', () => {
    const matcher = m();
    matcher.match([proc(11), proc(12)], workers, 0);
    expect(matcher.match([proc(11), proc(12), proc(15)], workers, 1000).replacements.size).toBe(0);
    matcher.match([proc(11)], workers, 2000);
    expect(matcher.match([proc(11), proc(16)], workers, 2000 + RESTART_WINDOW_MS + 1).replacements.size).toBe(0);
  });
});

describe('inferReplacements', () => {
  const gone = { pid: 12, info: dask('1', 40002), at: 0 };
  it('pairs one newcomer with one departed worker, and nothing else', () => {
    expect(inferReplacements([13], [gone]).get(13)).toEqual({ info: gone.info, replacedPid: 12 });
    expect(inferReplacements([13, 14], [gone]).size).toBe(0);
    expect(inferReplacements([13], [gone, { ...gone, pid: 11 }]).size).toBe(0);
    expect(inferReplacements([], [gone]).size).toBe(0);
  });
});
