import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { daskPythonOrSkip, describeDaskPython } from '../testing/dask-python';
import { DASK_MEMORY, DASK_THRESHOLDS, pauseAndRestartText, percentText } from './dask-thresholds';

const python = daskPythonOrSkip();
const d = python ? describe : describe.skip;

d(`Dask's memory thresholds, as ${python ? describeDaskPython(python) : ''} configures them`, () => {
  it('are the fractions in distributed.worker.memory', () => {
    const script = 'import json, dask, distributed; print(json.dumps(dask.config.get("distributed.worker.memory")))';
    const r = spawnSync(python!.python, ['-c', script], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const config = JSON.parse(r.stdout) as Record<string, unknown>;
    expect({ target: config.target, spill: config.spill, pause: config.pause, terminate: config.terminate }).toEqual(
      DASK_MEMORY,
    );
  });
});

describe('the thresholds in words', () => {
  it('lists them in order, each with what Dask does', () => {
    expect(DASK_THRESHOLDS.map((t) => [t.name, t.fraction])).toEqual(Object.entries(DASK_MEMORY));
    for (let i = 1; i < DASK_THRESHOLDS.length; i++)
      expect(DASK_THRESHOLDS[i]!.fraction).toBeGreaterThan(DASK_THRESHOLDS[i - 1]!.fraction);
  });
  it('says them as whole percents', () => {
    expect(percentText(DASK_MEMORY.pause)).toBe('80 %');
    expect(pauseAndRestartText()).toBe('Dask pauses it at 80 % and restarts it at 95 %');
    expect(pauseAndRestartText('a worker')).toBe('Dask pauses a worker at 80 % and restarts it at 95 %');
  });
});
