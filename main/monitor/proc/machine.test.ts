import { describe, expect, it } from 'vitest';
import { countCpuList } from './machine';

// The format of /proc/<pid>/status Cpus_allowed_list and cpuset files (cpuset(7), "List format").
describe('countCpuList', () => {
  it.each([
    ['0', 1],
    ['0-1', 2],
    ['0-3,8,10-11', 7],
    ['0-3\n', 4],
    ['1,3,5,7', 4],
    ['0-63', 64],
  ])('%j has %i CPUs', (list, n) => {
    expect(countCpuList(list)).toBe(n);
  });

  it('counts a reversed range as one CPU and skips what is not a number', () => {
    expect(countCpuList('3-1')).toBe(1);
    expect(countCpuList('x,2')).toBe(1);
    expect(countCpuList('')).toBe(0);
  });
});
