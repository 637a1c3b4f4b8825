import { describe, expect, it } from 'vitest';
import { describeTask, keySplit, tasksText } from './task-names';

describe('keySplit', () => {
  it.each([
    ['inc-9ab2a43bbc73fda7e09c895bbcea967c', 'inc'],
    ['slow_inc-9ab2a43bbc73fda7e09c895bbcea967c', 'slow_inc'],
    ['from_sequence-slow3-8b243e3df4a00940d94ed11a01182597', 'from_sequence-slow3'],
    ['hog-7b444721-0a1b-4c2d-9e8f-001122334455', 'hog'],
    ['x-1', 'x'],
    ['plain', 'plain'],
  ])('%s → %s', (key, name) => {
    expect(keySplit(key)).toBe(name);
  });
});

describe('describeTask', () => {
  it("names Covalent's electrons by dispatch and electron (covalent/executor/executor_plugins/dask.py)", () => {
    expect(describeTask('dask_job_7203c495-24bf-4771-92c2-ad838cbed850:12')).toEqual({
      key: 'dask_job_7203c495-24bf-4771-92c2-ad838cbed850:12',
      label: 'electron 12',
      dispatchId: '7203c495-24bf-4771-92c2-ad838cbed850',
      electron: 12,
    });
  });
  it("names Covalent's older executor's tasks as electrons, which one unknown", () => {
    expect(describeTask('io_wrapper-0123456789abcdef0123456789abcdef').label).toBe('a Covalent electron');
    expect(describeTask('dask_wrapper-0123456789abcdef0123456789abcdef').label).toBe('a Covalent electron');
  });
  it('shortens tuple keys, as both Dask versions send them here', () => {
    expect(describeTask("('from_sequence-slow3-8b243e3df4a00940d94ed11a01182597', 15)").label).toBe(
      'from_sequence-slow3 (15)',
    );
    expect(describeTask("('x-1',)").label).toBe('x');
  });
  it('keeps anything else readable and whole', () => {
    expect(describeTask('dask_job_not-a-uuid:1').label).toBe('dask_job_not-a-uuid:1');
    expect(describeTask('<script>').label).toBe('<script>');
  });
});

describe('tasksText', () => {
  const job = (n: number, id = '7203c495-24bf-4771-92c2-ad838cbed850') => `dask_job_${id}:${n}`;
  it('groups electrons by dispatch', () => {
    expect(tasksText([job(3), job(0)])).toBe('electrons 0 and 3 of dispatch 7203c495');
    expect(tasksText([job(3)])).toBe('electron 3 of dispatch 7203c495');
    expect(tasksText([job(1), job(2), job(5)])).toBe('electrons 1, 2 and 5 of dispatch 7203c495');
  });
  it('names other tasks once each, and counts what it leaves out', () => {
    expect(tasksText(['inc-1', 'inc-2', 'sum-3'])).toBe('inc, sum');
    expect(tasksText(['a-1', 'b-2', 'c-3', 'd-4'])).toBe('a, b, c (and 1 more)');
    expect(tasksText(['a-1'], 5)).toBe('a (and 4 more)');
    expect(tasksText([], 0)).toBe('no task');
  });
});
