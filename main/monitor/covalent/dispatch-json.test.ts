/** Covalent's answers, field by field, on the shapes a real 0.240.0 server gave (testdata/) and on what it must not be believed for. */
import { describe, expect, it } from 'vitest';
import captured from './testdata/covalent-0.240.0-api.json';
import { covalentTime, lastErrorLine, parseDispatch, parseFailedNodes, parseOverview } from './dispatch-json';
import { dispatchesOf, namesMissing, withWorkflows, workflowsOf } from './workflow-refs';
import { withServerSentence } from '../status';
import { emptyWorkflows } from '../../../shared/snapshot';

describe("Covalent's times", () => {
  it('reads its UTC times without a zone, with a T or a space', () => {
    expect(covalentTime('2026-12-01T15:04:38.344660')).toBe('2026-12-01T15:04:38.344Z');
    expect(covalentTime('2026-12-01 15:04:38.710695')).toBe('2026-12-01T15:04:38.710Z');
    expect(covalentTime('2026-12-01T15:04:38')).toBe('2026-12-01T15:04:38.000Z');
    expect(covalentTime(null)).toBeNull();
    expect([covalentTime('yesterday'), covalentTime(1764601478), covalentTime('2026-13-45T99:00:00')]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('parseOverview and parseDispatch', () => {
  it('reads the captured overview and items', () => {
    expect(parseOverview(captured.overview_busy)).toEqual({
      all: 3,
      running: 1,
      completed: 1,
      failed: 1,
      cancelled: 0,
    });
    expect(parseDispatch(captured.new_object)).toMatchObject({
      status: 'NEW_OBJECT',
      startedAt: null,
      runtimeMs: null,
    });
    expect(parseDispatch(captured.cancel_cancelled)).toMatchObject({ electrons: 3, electronsDone: 1, runtimeMs: 8000 });
  });
  it.each([
    [{ ...captured.ok_completed, ended_at: '2026-12-01T15:00:00' }, 'an end before its start'],
    [{ ...captured.ok_completed, runtime: -5 }, 'a runtime that is not one'],
    [{ ...captured.ok_completed, total_electrons: 1e12 }, 'electron counts that are not counts'],
    [{ ...captured.ok_completed, lattice_name: 7 }, 'a dispatch without a name'],
    [{ ...captured.ok_completed, dispatch_id: '../../etc' }, 'a dispatch id that is not a UUID'],
    ['x', 'an item that is not an object'],
  ])('drops %j: %s', (item, why) => {
    expect(parseDispatch(item)).toBe(why);
  });
});

describe('the failed electrons', () => {
  it('are the failed functions of the graph, not its parameters', () => {
    expect(parseFailedNodes(captured.fail_graph, 3)).toEqual([{ name: 'explode', nodeId: 3 }]);
    expect(parseFailedNodes(captured.ok_graph, 3)).toEqual([]);
    expect(parseFailedNodes({ graph: {} }, 3)).toBeNull();
  });
  it("are described by the last line of their stderr, Python's exception", () => {
    expect(lastErrorLine(captured.fail_stderr)).toBe('ValueError: boom');
    expect(lastErrorLine('\n\n')).toBeNull();
  });
});

describe('workflows of a worker’s alert', () => {
  const id = '7203c495-24bf-4771-92c2-ad838cbed850';
  const names = (known: string | null) => (d: string) => (d === id ? known : null);
  const high = {
    kind: 'worker-memory-high' as const,
    worker: '1',
    at: '',
    message: 'm',
    tasks: [`dask_job_${id}:0`, 'inc-abc123'],
  };
  it('names the dispatches its keys name, by the names the server gave, never guessed', () => {
    expect(workflowsOf(high.tasks, names('big_flow'))).toEqual([{ id, name: 'big_flow' }]);
    expect(workflowsOf(high.tasks, names(null))).toEqual([]);
    expect(withWorkflows(high, names('big_flow'))).toMatchObject({
      message: 'm (workflow big_flow)',
      workflows: [{ id, name: 'big_flow' }],
    });
    expect(withWorkflows(high, names(null))).toBe(high);
    expect([namesMissing(high, names(null)), namesMissing(high, names('big_flow'))]).toEqual([true, false]);
    expect(dispatchesOf([{ tasks: high.tasks }, { tasks: null }])).toEqual([id]);
  });
});

describe('the status sentence and the server', () => {
  const up = { ...emptyWorkflows('http://localhost:48008/'), reachable: true };
  const down = { ...up, reachable: false };
  it('says so where the server and the cluster differ, and nothing where they agree', () => {
    expect(withServerSentence({ status: 'running', reason: '2 workers running' }, down).reason).toBe(
      "2 workers running. Covalent's server does not answer at localhost:48008",
    );
    expect(withServerSentence({ status: 'stopped', reason: 'The Dask cluster is not running' }, up).reason).toBe(
      "The Dask cluster is not running; Covalent's server is up at localhost:48008",
    );
    expect(withServerSentence({ status: 'running', reason: 'r' }, up).reason).toBe('r');
    expect(withServerSentence({ status: 'stopped', reason: 'r' }, down).reason).toBe('r');
  });
});
