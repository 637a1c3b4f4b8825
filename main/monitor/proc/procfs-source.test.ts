import { describe, expect, it } from 'vitest';
import { parseProcStat } from './procfs-source';

// Read from /proc/<pid>/stat of a python3 process on Linux 6.x (this project's test machine),
// fields as proc(5) numbers them: (3) state, (4) ppid, (14) utime, (15) stime, (20) num_threads,
// (22) starttime, (24) rss.
const PYTHON =
  '28086 (python3) R 28083 28083 1108 0 -1 4194304 2845 6541 2 0 2 2 3 2 20 0 1 0 333891 16961536 3351 18446744073709551615 93952209166336 93952209166677 140728656001344 0 0 0 0 16781312 2 0 0 0 17 1 0 0 0 0 0 93952209178032 93952209178648 93952858853376 140728656009418 140728656009511 140728656009511 140728656011215 0\n';

const withComm = (comm: string, state = 'S') => PYTHON.replace('(python3) R', `(${comm}) ${state}`);

describe('parseProcStat', () => {
  it('reads pid, comm, state, ppid, CPU ticks, threads, start and RSS pages from a real line', () => {
    expect(parseProcStat(PYTHON)).toEqual({
      pid: 28086,
      comm: 'python3',
      state: 'running',
      ppid: 28083,
      cpuTicks: 4,
      threads: 1,
      startTicks: 333891,
      rssPages: 3351,
    });
  });

  it('counts fields from the last ")": a comm may hold spaces and parentheses', () => {
    expect(parseProcStat(withComm('tmux: server'))?.comm).toBe('tmux: server');
    expect(parseProcStat(withComm('a) S 1 2 (b'))).toMatchObject({ comm: 'a) S 1 2 (b', ppid: 28083, threads: 1 });
    expect(parseProcStat(withComm(''))?.comm).toBe('');
  });

  it.each([
    ['R', 'running'],
    ['S', 'sleeping'],
    ['D', 'sleeping'],
    ['I', 'sleeping'],
    ['T', 'stopped'],
    ['t', 'stopped'],
    ['Z', 'zombie'],
    ['X', 'zombie'],
    ['W', 'other'],
    ['P', 'other'],
  ])('state %s is %s', (letter, state) => {
    expect(parseProcStat(withComm('python3', letter))?.state).toBe(state);
  });

  it.each([
    ['no parentheses', '28086 python3 R 1 2 3'],
    ['a closing parenthesis only', '28086 python3) R 28083'],
    ['too few fields', '28086 (python3) R 28083 28083 1108 0'],
    ['a number that is not one', PYTHON.replace(' 333891 ', ' 33x891 ')],
    ['an empty line', ''],
  ])('gives null for %s', (_what, text) => {
    expect(parseProcStat(text)).toBeNull();
  });
});
