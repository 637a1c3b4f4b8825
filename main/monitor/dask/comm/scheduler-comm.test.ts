import { describe, expect, it } from 'vitest';
import { parseLogLines, parseMemoryKills, parseProcessing } from './scheduler-comm';
import { taskKeyText } from './task-keys';

describe('taskKeyText', () => {
  it('gives a tuple key the text 2022.12 sends for it (dask.utils.stringify)', () => {
    expect(taskKeyText(['from_sequence-slow3-8b24', 15])).toBe("('from_sequence-slow3-8b24', 15)");
    expect(taskKeyText(['x'])).toBe("('x',)");
    expect(taskKeyText(["it's", ['a', 1]])).toBe("('it\\'s', ('a', 1))");
    expect(taskKeyText('inc-1')).toBe('inc-1');
  });
  it('drops what is not a key', () => {
    expect([null, {}, [], true, Number.NaN].map(taskKeyText)).toEqual([null, null, null, null, null]);
  });
});

describe('parseProcessing', () => {
  it('keeps each worker’s keys, as text', () => {
    const byWorker = parseProcessing({ 'tcp://127.0.0.1:1': ['a-1', ['b-2', 3]], 'tcp://127.0.0.1:2': [], bad: 'x' });
    expect([...byWorker!]).toEqual([
      ['tcp://127.0.0.1:1', ['a-1', "('b-2', 3)"]],
      ['tcp://127.0.0.1:2', []],
    ]);
    expect(parseProcessing([1])).toBeNull();
  });
});

describe('parseMemoryKills', () => {
  it("reads the nanny's worker-restart-memory events (distributed/worker_memory.py), dropping malformed ones", () => {
    const kills = parseMemoryKills([
      [1796137807.9657633, { worker: 'tcp://127.0.0.1:33217', pid: 16271, rss: 475348992 }],
      [1796137808, { worker: 'tcp://x:1', pid: 'no', rss: 1 }],
      [1796137809, { worker: 'tcp://x:1', pid: 1, rss: -5 }],
      ['soon', { worker: 'tcp://x:1', pid: 1, rss: 1 }],
    ]);
    expect(kills).toEqual([{ at: 1796137807966, worker: 'tcp://127.0.0.1:33217', pid: 16271, rssBytes: 475348992 }]);
    expect(parseMemoryKills({})).toBeNull();
  });
});

describe('parseLogLines', () => {
  const lines = [
    ['INFO', 'b'],
    ['WARNING', 'a'],
  ];
  it('makes current Dask’s newest-first lines oldest first, and keeps 2022.12’s order', () => {
    expect(parseLogLines(lines, true)).toEqual([
      { level: 'WARNING', text: 'a' },
      { level: 'INFO', text: 'b' },
    ]);
    expect(parseLogLines(lines, false)).toEqual([
      { level: 'INFO', text: 'b' },
      { level: 'WARNING', text: 'a' },
    ]);
  });
  it('takes timestamped entries, shortens long lines, and drops what is not a line', () => {
    const long = 'x'.repeat(5000);
    const out = parseLogLines([[1.5, 'INFO', 'c'], ['INFO', long], ['INFO'], [1, 2]], false)!;
    expect(out[0]).toEqual({ level: 'INFO', text: 'c' });
    expect(out[1]!.text).toHaveLength(2000);
    expect(out).toHaveLength(2);
  });
});
