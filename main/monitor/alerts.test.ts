import { describe, expect, it } from 'vitest';
import { type AlertInput, createAlertTracker } from './alerts';
import type { WorkerSample } from '../../shared/snapshot';
import { makeWorker } from '../../testing/fixtures';

const GB = 1e9;
function worker(name: string, pid: number, fraction: number | null): WorkerSample {
  return makeWorker(
    Number(name),
    fraction,
    {
      name,
      address: `tcp://127.0.0.1:${40000 + pid}`,
      pid,
      rssBytes: fraction === null ? null : fraction * GB,
      cpuPercent: 0,
    },
    GB,
  );
}

function run(tracker: ReturnType<typeof createAlertTracker>, steps: Omit<AlertInput, 'now'>[], start = 0) {
  return steps.map((s, i) => tracker.update({ ...s, now: start + i * 1000 }));
}
const cluster = (workers: WorkerSample[]) => ({ cluster: { pid: 100, startedAtMs: 5 }, workers });

describe('worker-memory-high', () => {
  it('needs two samples at or over the fraction, and asks for the second one early', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const [a, b, c] = run(t, [
      cluster([worker('0', 1, 0.5)]),
      cluster([worker('0', 1, 0.82)]),
      cluster([worker('0', 1, 0.84)]),
    ]);
    expect(a!.alerts).toEqual([]);
    expect(b!).toEqual({ alerts: [], confirmSoon: true });
    expect(c!.alerts).toHaveLength(1);
    expect(c!.alerts[0]).toMatchObject({ kind: 'worker-memory-high', worker: '0' });
    expect(c!.alerts[0]!.message).toBe(
      'Dask worker 0 is at 84 % of its 1.0 GB limit — Dask pauses it at 80 % and restarts it at 95 %',
    );
  });

  it('ignores a single spike', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      cluster([worker('0', 1, 0.5)]),
      cluster([worker('0', 1, 0.9)]),
      cluster([worker('0', 1, 0.6)]),
      cluster([worker('0', 1, 0.6)]),
    ]);
    expect(out.flatMap((o) => o.alerts)).toEqual([]);
  });

  it('fires once per episode and re-arms only below 70 %', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const fractions = [0.85, 0.86, 0.9, 0.75, 0.85, 0.85, 0.69, 0.81, 0.82];
    const out = run(t, [cluster([worker('0', 1, 0.1)]), ...fractions.map((f) => cluster([worker('0', 1, f)]))]);
    const fired = out.map((o) => o.alerts.filter((a) => a.kind === 'worker-memory-high').length);
    // 0.85 pending, 0.86 fires; 0.9/0.75/0.85/0.85 same episode; 0.69 re-arms; 0.81 pending, 0.82 fires
    expect(fired).toEqual([0, 0, 1, 0, 0, 0, 0, 0, 0, 1]);
  });

  it('keeps episodes apart per worker', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      cluster([worker('0', 1, 0.5), worker('1', 2, 0.5)]),
      cluster([worker('0', 1, 0.9), worker('1', 2, 0.5)]),
      cluster([worker('0', 1, 0.9), worker('1', 2, 0.9)]),
      cluster([worker('0', 1, 0.9), worker('1', 2, 0.9)]),
    ]);
    expect(out.map((o) => o.alerts.map((a) => a.worker))).toEqual([[], [], ['0'], ['1']]);
  });

  it('follows a changed alert fraction', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    t.setAlertFraction(0.6);
    const out = run(t, [cluster([worker('0', 1, 0.65)]), cluster([worker('0', 1, 0.65)])]);
    expect(out[1]!.alerts).toHaveLength(1);
  });
});

describe('worker-restarted', () => {
  it('pairs a vanished worker with its replacement and says it was high', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      cluster([worker('0', 1, 0.3), worker('1', 2, 0.5)]),
      cluster([worker('0', 1, 0.3), worker('1', 2, 0.9)]),
      cluster([worker('0', 1, 0.3)]),
      cluster([worker('0', 1, 0.3), { ...worker('1', 3, 0.1), name: null }]),
    ]);
    const restarts = out.flatMap((o) => o.alerts).filter((a) => a.kind === 'worker-restarted');
    expect(restarts).toHaveLength(1);
    expect(restarts[0]!.worker).toBe('1');
    expect(restarts[0]!.message).toBe(
      'Dask worker 1 was restarted (pid 2 → 3): most likely for memory — it was at 90 % of its 1.0 GB limit just before, and Dask restarts a worker at 95 % (inferred: this Dask does not report why)',
    );
    expect(restarts[0]!.restart).toEqual({
      oldPid: 2,
      newPid: 3,
      cause: 'memory-likely',
      rssBytes: 0.9e9,
      limitBytes: 1e9,
      tasks: [],
    });
  });

  const killed =
    (reported: boolean, byPid: [number, { rssBytes: number }][] = []) =>
    (workers: WorkerSample[]) => ({ ...cluster(workers), kills: { reported, byPid: new Map(byPid) } });
  const electron = 'dask_job_7203c495-24bf-4771-92c2-ad838cbed850:4';

  it("takes Dask's own report of a memory kill for the cause, with what the worker was running", () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const busy = { ...worker('1', 2, 0.9), tasks: [electron], taskCount: 1 };
    const out = run(t, [
      killed(true)([worker('0', 1, 0.3), busy]),
      killed(true, [[2, { rssBytes: 0.97e9 }]])([worker('0', 1, 0.3)]),
      killed(true, [[2, { rssBytes: 0.97e9 }]])([worker('0', 1, 0.3), worker('1', 3, 0.1)]),
    ]);
    const [restart] = out.flatMap((o) => o.alerts).filter((a) => a.kind === 'worker-restarted');
    expect(restart!.message).toBe(
      'Dask worker 1 was restarted (pid 2 → 3): its nanny killed it for using 97 % of its 1.0 GB limit, as Dask reports; it was running electron 4 of dispatch 7203c495',
    );
    expect(restart!.restart).toMatchObject({ cause: 'memory-killed', rssBytes: 0.97e9, tasks: [electron] });
  });

  it('does not call it memory where Dask reports memory kills and reported none for it, after waiting for one', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      killed(true)([worker('0', 1, 0.3), worker('1', 2, 0.9)]),
      killed(true)([worker('0', 1, 0.3)]),
      killed(true)([worker('0', 1, 0.3), worker('1', 3, 0.1)]),
      killed(true)([worker('0', 1, 0.3), worker('1', 3, 0.1)]),
      killed(true)([worker('0', 1, 0.3), worker('1', 3, 0.1)]),
    ]);
    // Held while Dask's report could still come (KILL_REPORT_WAIT_MS), then said without a cause.
    expect(out.map((o) => o.alerts.filter((a) => a.kind === 'worker-restarted').length)).toEqual([0, 0, 0, 0, 1]);
    const [restart] = out.flatMap((o) => o.alerts).filter((a) => a.kind === 'worker-restarted');
    expect(restart!.message).toBe('Dask worker 1 was restarted (pid 2 → 3)');
    expect(restart!.restart!.cause).toBe('unknown');
  });

  it('names the tasks a worker high on memory runs', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const high = { ...worker('0', 1, 0.86), tasks: [electron], taskCount: 1 };
    const [alert] = run(t, [cluster([high]), cluster([high])]).flatMap((o) => o.alerts);
    expect(alert!.message).toBe(
      'Dask worker 0 is at 86 % of its 1.0 GB limit — Dask pauses it at 80 % and restarts it at 95 %; it runs electron 4 of dispatch 7203c495',
    );
    expect(alert!.tasks).toEqual([electron]);
  });

  it('does not call a worker that was low "high"', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [cluster([worker('0', 1, 0.3)]), cluster([]), cluster([worker('0', 9, 0.1)])]);
    expect(out[2]!.alerts[0]!.message).toBe('Dask worker 0 was restarted (pid 1 → 9)');
  });

  it('matches several restarts by name once Dask names the new processes', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      cluster([worker('a', 1, 0.3), worker('b', 2, 0.3)]),
      cluster([]),
      cluster([
        { ...worker('x', 11, 0.1), name: null },
        { ...worker('x', 12, 0.1), name: null },
      ]),
      cluster([worker('b', 11, 0.1), worker('a', 12, 0.1)]),
    ]);
    const restarts = out.flatMap((o) => o.alerts);
    expect(restarts.map((a) => a.message)).toEqual([
      'Dask worker b was restarted (pid 2 → 11)',
      'Dask worker a was restarted (pid 1 → 12)',
    ]);
  });

  it('pairs restarts by the names Dask dropped while the old processes were still closing', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const unnamed = (w: WorkerSample) => ({ ...w, name: null, address: null });
    const out = run(t, [
      cluster([worker('0', 1, 0.3), worker('1', 2, 0.3)]),
      // 2022.12's nanny restart: Dask forgets each worker as it closes, before its process exits.
      cluster([unnamed(worker('0', 1, 0.3)), unnamed(worker('1', 2, 0.3))]),
      cluster([unnamed(worker('0', 11, 0.1)), unnamed(worker('1', 12, 0.1))]),
      cluster([worker('0', 11, 0.1), worker('1', 12, 0.1)]),
    ]);
    expect(out.flatMap((o) => o.alerts).map((a) => a.message)).toEqual([
      'Dask worker 0 was restarted (pid 1 → 11)',
      'Dask worker 1 was restarted (pid 2 → 12)',
    ]);
  });

  it('takes a new worker with a new name for a scale-up, not a restart', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [cluster([worker('0', 1, 0.3)]), cluster([worker('0', 1, 0.3), worker('1', 2, 0.3)])]);
    expect(out.flatMap((o) => o.alerts)).toEqual([]);
  });
});

describe('cluster-stopped and cluster-started', () => {
  it('says nothing about the cluster found running at start, then reports each change once', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      cluster([worker('0', 1, 0.3)]),
      { cluster: null, workers: [] },
      { cluster: null, workers: [] },
      { cluster: { pid: 200, startedAtMs: 9 }, workers: [] },
      { cluster: undefined, workers: [] }, // config unreadable: no news
      { cluster: { pid: 200, startedAtMs: 9 }, workers: [] },
      { cluster: { pid: 300, startedAtMs: 9 }, workers: [] },
    ]);
    expect(out.map((o) => o.alerts.map((a) => a.kind))).toEqual([
      [],
      ['cluster-stopped'],
      [],
      ['cluster-started'],
      [],
      [],
      ['cluster-stopped', 'cluster-started'],
    ]);
    expect(out[1]!.alerts[0]!.message).toBe('The Dask cluster (process 100) stopped');
    expect(out[3]!.alerts[0]!.message).toBe('The Dask cluster started (process 200)');
  });

  it('does not take workers of a stopped cluster for restarted ones', () => {
    const t = createAlertTracker({ alertFraction: 0.8 });
    const out = run(t, [
      cluster([worker('0', 1, 0.3)]),
      { cluster: null, workers: [] },
      { cluster: { pid: 200, startedAtMs: 9 }, workers: [worker('0', 5, 0.1)] },
      { cluster: { pid: 200, startedAtMs: 9 }, workers: [worker('0', 5, 0.1)] },
    ]);
    expect(out.flatMap((o) => o.alerts).map((a) => a.kind)).toEqual(['cluster-stopped', 'cluster-started']);
  });
});
