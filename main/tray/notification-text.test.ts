import { describe, expect, it } from 'vitest';
import { notificationFor, notificationTarget } from './notification-text';
import type { Alert } from '../../shared/snapshot';
import { DEFAULT_PREFS } from '../../shared/prefs';
import { makeDispatch } from '../../testing/fixtures';

const ON = DEFAULT_PREFS;

const at = '2026-11-27T10:00:00.000Z';
const high: Alert = {
  kind: 'worker-memory-high',
  worker: '2',
  at,
  message: 'Dask worker 2 is at 84 % of its 1.0 GB limit — Dask pauses it at 80 % and restarts it at 95 %',
};

describe('notificationFor', () => {
  it('words a worker short of memory', () => {
    expect(notificationFor(high, ON)).toEqual({
      title: 'Dask worker short of memory',
      body: 'Dask worker 2 is at 84 % of its 1.0 GB limit — Dask pauses it at 80 % and restarts it at 95 %',
    });
  });
  it('words a restart', () => {
    const restarted: Alert = {
      kind: 'worker-restarted',
      worker: '2',
      at,
      message: 'Dask worker 2 was restarted (pid 1 → 2)',
    };
    expect(notificationFor(restarted, ON)).toEqual({
      title: 'Dask worker restarted',
      body: 'Dask worker 2 was restarted (pid 1 → 2)',
    });
  });
  it("says why in one line, from Dask's report or inferred, and what the worker was running", () => {
    const restart = {
      oldPid: 1,
      newPid: 2,
      rssBytes: 388e6,
      limitBytes: 400e6,
      tasks: ['dask_job_7203c495-24bf-4771-92c2-ad838cbed850:0'],
    };
    const of = (cause: 'memory-killed' | 'memory-likely' | 'unknown', tasks = restart.tasks) =>
      notificationFor(
        { kind: 'worker-restarted', worker: '2', at, message: 'm', restart: { ...restart, cause, tasks } },
        ON,
      );
    expect(of('memory-killed')).toEqual({
      title: 'Dask worker 2 restarted',
      body: "Killed by its nanny at 97 % of its 400 MB limit (Dask's report) · was running electron 0 of dispatch 7203c495",
    });
    expect(of('memory-likely', [])!.body).toBe(
      'Most likely killed for memory: 97 % of its 400 MB limit just before (inferred)',
    );
    expect(of('unknown', [])!.body).toBe('Restarted; Dask reports no cause');
  });
  it('stays quiet while paused, and for the cluster starting or stopping', () => {
    expect(notificationFor(high, { ...ON, notifications: false })).toBeNull();
    expect(notificationFor({ kind: 'cluster-stopped', worker: null, at, message: 'x' }, ON)).toBeNull();
    expect(notificationFor({ kind: 'cluster-started', worker: null, at, message: 'x' }, ON)).toBeNull();
  });
});

describe('workflow notifications', () => {
  const ended = (kind: Alert['kind'], patch: Partial<Alert> = {}): Alert => ({
    kind,
    worker: null,
    at,
    message: 'm',
    dispatch: makeDispatch({ status: 'COMPLETED', electronsDone: 8, runtimeMs: 7000, endedAt: at }),
    ...patch,
  });
  it('names the workflow and its runtime', () => {
    expect(notificationFor(ended('workflow-completed'), ON)).toEqual({
      title: 'Workflow ok_flow completed',
      body: 'in 7 s',
    });
  });
  it("names a failure's electrons and the last line of each error", () => {
    const failed = ended('workflow-failed', {
      dispatch: makeDispatch({ name: 'fail_flow', status: 'FAILED', runtimeMs: 63_000 }),
      failedElectrons: [
        { name: 'explode', nodeId: 3, error: 'ValueError: boom' },
        { name: 'other', nodeId: 5, error: null },
      ],
    });
    expect(notificationFor(failed, ON)).toEqual({
      title: 'Workflow fail_flow failed',
      body: 'after 1 min 03 s · explode: ValueError: boom · other failed',
    });
    expect(notificationFor({ ...failed, failedElectrons: undefined }, ON)!.body).toBe(
      "after 1 min 03 s · Covalent's server did not say which electron failed",
    );
  });
  it('says how far a cancelled workflow got', () => {
    const cancelled = ended('workflow-cancelled', {
      dispatch: makeDispatch({
        name: 'cancel_flow',
        status: 'CANCELLED',
        electrons: 3,
        electronsDone: 1,
        runtimeMs: 8000,
      }),
    });
    expect(notificationFor(cancelled, ON)).toEqual({
      title: 'Workflow cancel_flow cancelled',
      body: 'after 8 s · 1 of 3 electrons done',
    });
  });
  it('stays quiet for each kind the user turned off, and while paused', () => {
    expect(notificationFor(ended('workflow-completed'), { ...ON, notifyWorkflowCompleted: false })).toBeNull();
    expect(notificationFor(ended('workflow-failed'), { ...ON, notifyWorkflowFailed: false })).toBeNull();
    expect(notificationFor(ended('workflow-cancelled'), { ...ON, notifyWorkflowCancelled: false })).toBeNull();
    expect(notificationFor(ended('workflow-failed'), { ...ON, notifyWorkflowCompleted: false })).not.toBeNull();
    expect(notificationFor(ended('workflow-failed'), { ...ON, notifications: false })).toBeNull();
  });
  it('says which workflow a restarted worker was running, by the name Covalent gave it', () => {
    const id = '7203c495-24bf-4771-92c2-ad838cbed850';
    const text = notificationFor(
      {
        kind: 'worker-restarted',
        worker: '1',
        at,
        message: 'm',
        restart: {
          oldPid: 1,
          newPid: 2,
          cause: 'memory-killed',
          rssBytes: 390e6,
          limitBytes: 400e6,
          tasks: [`dask_job_${id}:0`],
        },
        workflows: [{ id, name: 'memory_hungry' }],
      },
      ON,
    );
    expect(text!.body).toBe(
      "Killed by its nanny at 97 % of its 400 MB limit (Dask's report) · was running electron 0 of workflow memory_hungry",
    );
  });
});

describe('notificationTarget', () => {
  it("opens a workflow's page for its end, and the panel for the rest", () => {
    const d = makeDispatch({ status: 'FAILED' });
    expect(notificationTarget({ kind: 'workflow-failed', worker: null, at, message: 'm', dispatch: d })).toEqual({
      open: 'dispatch',
      id: d.id,
    });
    expect(notificationTarget(high)).toEqual({ open: 'panel' });
  });
});
