import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { countThreads, figuresOf, parseCpuTime, parseLstart, parsePgrep, parsePsTable, parseStat } from './ps-parse';

// Captured output: testdata/README.md says where each file comes from.
const capture = (name: string) => fs.readFileSync(path.join(__dirname, 'testdata', name), 'utf8');
const local = (y: number, mo: number, d: number, h: number, mi: number, s: number) =>
  new Date(y, mo - 1, d, h, mi, s).getTime();

const PROCPS = ['pid', 'ppid', 'rss', 'time', 'stat', 'nlwp', 'lstart', 'ucomm'];
/** New Relic's invocation (process_retriever_cached_darwin.go line 100). */
const NEW_RELIC = ['pid', 'ppid', 'user', 'state', 'utime', 'stime', 'etime', 'rss', 'vsize', 'pagein', 'command'];

describe('parsePsTable and figuresOf on procps ps', () => {
  it('reads a python3 and its multiprocessing children as /proc had them', () => {
    const rows = parsePsTable(capture('procps-ps-figures.txt'), PROCPS).map(figuresOf);
    const started = local(2026, 12, 1, 17, 46, 8);
    expect(rows).toEqual([
      {
        pid: 25420,
        ppid: 25397,
        name: 'python3',
        state: 'sleeping',
        startedAtMs: started,
        rssBytes: 11796 * 1024,
        threads: 1,
        cpuTimeMs: 0,
      },
      {
        pid: 25422,
        ppid: 25420,
        name: 'python3',
        state: 'sleeping',
        startedAtMs: started,
        rssBytes: 11508 * 1024,
        threads: 1,
        cpuTimeMs: 0,
      },
      {
        pid: 25423,
        ppid: 25420,
        name: 'python3',
        state: 'sleeping',
        startedAtMs: started,
        rssBytes: 12504 * 1024,
        threads: 1,
        cpuTimeMs: 0,
      },
      {
        pid: 25424,
        ppid: 25420,
        name: 'python3',
        state: 'sleeping',
        startedAtMs: started,
        rssBytes: 12624 * 1024,
        threads: 1,
        cpuTimeMs: 0,
      },
    ]);
    // The kernel's own start: btime 1796136909 s + 1025916 ticks at HZ 100, to the second ps prints.
    const kernelStart = (1796136909 + 1025916 / 100) * 1000;
    expect(kernelStart - rows[0]!.startedAtMs!).toBeGreaterThanOrEqual(0);
    expect(kernelStart - rows[0]!.startedAtMs!).toBeLessThan(1000);
  });

  it('reads threads, CPU time and a multi-letter stat; a pid that does not exist is simply absent', () => {
    const rows = parsePsTable(capture('procps-ps-figures-busy.txt'), PROCPS).map(figuresOf);
    expect(rows).toMatchObject([
      { pid: 1, ppid: 0, name: 'process_api', state: 'sleeping', threads: 13, cpuTimeMs: 41_000 },
      { pid: 25524, ppid: 25522, name: 'node', state: 'sleeping', threads: 7, cpuTimeMs: 2000, rssBytes: 46496 * 1024 },
    ]);
  });

  it('keeps a command line whole, spaces and all', () => {
    const rows = parsePsTable(capture('procps-ps-command.txt'), ['pid', 'command']);
    expect(rows.map((r) => r.command)).toEqual([
      '/usr/bin/python3 /tmp/mp.py',
      '/usr/bin/python3 -B -c from multiprocessing.resource_tracker import main;main(3)',
      '/usr/bin/python3 -B -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=4, pipe_handle=6) --multiprocessing-fork',
      '/usr/bin/python3 -B -c from multiprocessing.spawn import spawn_main; spawn_main(tracker_fd=4, pipe_handle=8) --multiprocessing-fork',
    ]);
  });

  it('reads the header alone (ps exits 1 when no pid matched) as no rows, and refuses output without one', () => {
    expect(parsePsTable('  PID  PPID   RSS     TIME STAT NLWP                  STARTED COMMAND\n', PROCPS)).toEqual([]);
    expect(() => parsePsTable('', PROCPS)).toThrow(/nothing/);
    expect(() => parsePsTable('error: unknown user-defined format specifier "nlwq"\n', PROCPS)).toThrow(/no header/);
    expect(() => parsePsTable('  PID PPID\n  12\n', PROCPS)).toThrow(/short/);
  });
});

describe('parsePsTable and figuresOf on macOS ps', () => {
  it("reads New Relic's capture: M:SS.cc CPU times, KiB RSS, BSD states", () => {
    const rows = parsePsTable(capture('darwin-ps-processes.txt'), NEW_RELIC);
    expect(rows).toHaveLength(10);
    expect(rows[0]).toMatchObject({ pid: '1', etime: '08-14:58:33', command: '/sbin/launchd' });
    expect(rows[1]!.command).toBe('/usr/bin/some_command with some parameters');
    expect(rows.map(figuresOf).slice(0, 2)).toEqual([
      {
        pid: 1,
        ppid: 0,
        name: '/sbin/launchd',
        state: 'sleeping',
        startedAtMs: null,
        rssBytes: 14376 * 1024,
        threads: null,
        cpuTimeMs: (4 * 60 + 11.67 + 20 * 60 + 7.54) * 1000,
      },
      {
        pid: 68,
        ppid: 1,
        name: '/usr/bin/some_command',
        state: 'sleeping',
        startedAtMs: null,
        rssBytes: 852 * 1024,
        threads: null,
        cpuTimeMs: (22.59 + 41.16) * 1000,
      },
    ]);
  });

  it('counts the rows of `ps -M` per pid: first rows start with the user, later ones with the pid', () => {
    // Expected counts read off the capture by column (the pid ends under the PID header), not by words.
    expect(Object.fromEntries(countThreads(capture('darwin-ps-M-threads.txt')))).toEqual({
      1: 3,
      68: 4,
      69: 4,
      72: 2,
      73: 14,
      74: 2,
      75: 3,
      81: 2,
      82: 3,
      84: 8,
      86: 3,
      88: 4,
      91: 4,
      93: 4,
      99: 3,
    });
  });
});

describe('parseCpuTime', () => {
  it.each([
    ['0:00.36', 360], // macOS: minutes:seconds.centiseconds
    ['20:07.54', (20 * 60 + 7.54) * 1000],
    ['1234:05.67', (1234 * 60 + 5.67) * 1000], // macOS minutes are unbounded
    ['00:00:41', 41_000], // procps: HH:MM:SS
    ['1-02:03:04', ((24 + 2) * 3600 + 3 * 60 + 4) * 1000], // procps days
    ['11:21', (11 * 60 + 21) * 1000],
  ])('%s is %d ms', (text, ms) => {
    expect(parseCpuTime(text)).toBeCloseTo(ms, 6);
  });

  it.each(['', '-', 'abc', '1:2:3:4'])('gives null for %j', (text) => {
    expect(parseCpuTime(text)).toBeNull();
  });
});

describe('parseLstart', () => {
  it('reads the C locale shape both ps print, as local time', () => {
    expect(parseLstart('Tue Dec  1 14:55:09 2026')).toBe(local(2026, 12, 1, 14, 55, 9));
    expect(parseLstart('Sat Feb 29 00:00:00 2028')).toBe(local(2028, 2, 29, 0, 0, 0));
  });

  it.each(['', 'Tue Dec 1 14:55 2026', 'mar. déc. 1 14:55:09 2026', 'Tue Xyz  1 14:55:09 2026'])(
    'gives null for %j (another locale, another shape)',
    (text) => {
      expect(parseLstart(text)).toBeNull();
    },
  );
});

describe('parseStat', () => {
  it.each([
    ['R+', 'running'],
    ['Ss', 'sleeping'],
    ['I', 'sleeping'], // macOS: asleep for over 20 s; procps: an idle kernel thread
    ['U', 'sleeping'], // macOS uninterruptible
    ['D', 'sleeping'], // procps uninterruptible
    ['T', 'stopped'],
    ['t', 'stopped'],
    ['Z', 'zombie'],
    ['X', 'zombie'],
    ['?', 'other'],
    ['H', 'other'],
    ['', 'other'],
  ])('%j is %s', (stat, state) => {
    expect(parseStat(stat)).toBe(state);
  });
});

describe('parsePgrep', () => {
  it('reads one pid a line, and nothing (pgrep exits 1) as none', () => {
    expect(parsePgrep(capture('procps-pgrep-P.txt'))).toEqual([25422, 25423, 25424]);
    expect(parsePgrep('')).toEqual([]);
  });
});
