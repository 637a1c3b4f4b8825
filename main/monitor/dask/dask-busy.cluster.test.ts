/**
 * Dask's view while a real Covalent workflow streams tasks, when current Dask's identity.json
 * fails with HTTP 500 most of the time (dask/distributed#8370): the worker list comes over Dask's
 * own protocol, which does not fail; the task counts move, each worker's tasks are listed, a
 * paused worker is shown paused within two samples of Dask pausing it and running within two of
 * resuming it, a worker killed and restarted is named within two samples, and a status is never
 * shown as current when Dask's word on it is not. Ground truth: Dask's own client, asking every
 * 200 ms, and /proc.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Alert, Snapshot } from '../../../shared/snapshot';
import { daskStaleAfterMs, daskWordAgeMs } from '../../../shared/worker-summary';
import {
  type ClusterFixture,
  type DaskTruthStream,
  type Pressure,
  daskPythonOrSkip,
  describeDaskPython,
  growInWorkflow,
  startCluster,
  streamDaskTruth,
  streamTasks,
} from '../../../testing/cluster-fixture';
import { workerProcesses } from '../../../testing/proc-truth';
import { type Watch, startWatch } from '../../../testing/run-cli';

const python = daskPythonOrSkip();
const d = python?.covalent ? describe : describe.skip;

async function until<T>(pick: () => T | undefined, ms: number): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const found = pick();
    if (found !== undefined) return found;
    if (Date.now() > end) throw new Error(`not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

const named = (s: Snapshot, n: number) =>
  s.workers.length === n && s.workers.every((w) => w.name !== null && w.pid !== null);
/** Prints a figure for the closing note and the README: what HTTP alone gives while tasks stream. */
const report = (what: string, figure: unknown) =>
  console.log(`[dask-busy ${python?.distributed}] ${what}: ${JSON.stringify(figure)}`);

d(`Dask's view while a Covalent workflow streams tasks, on ${python ? describeDaskPython(python) : ''}`, () => {
  let cluster: ClusterFixture;
  let watch: Watch;
  let truth: DaskTruthStream;
  let stream: Pressure;

  beforeAll(async () => {
    cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
    watch = startWatch([], cluster.env);
    await watch.waitForSnapshot((s) => s.status === 'running' && named(s, 2), 30_000);
    truth = streamDaskTruth(cluster);
    // About 40 s of electrons finishing on both workers, every 0.3 s.
    stream = streamTasks(cluster, 200, 0.3);
    await watch.waitForSnapshot((s) => (s.dashboard.tasks?.processing ?? 0) > 0, 90_000);
  });
  afterAll(async () => {
    stream?.stop();
    truth?.stop();
    await watch?.stop();
    await cluster?.dispose();
  });

  it('keeps counting tasks, and keeps the names and limits Dask gave, saying how old they are', async () => {
    const from = watch.snapshots.length;
    await new Promise((r) => setTimeout(r, 12_000));
    const during = watch.snapshots.slice(from);
    const failing = during.filter((s) => s.dashboard.problem?.startsWith('identity.json answered HTTP 500'));
    report("samples while tasks stream, and with the worker list from Dask's protocol", [
      during.length,
      during.filter((s) => s.dashboard.workerListFrom === 'protocol').length,
    ]);
    expect(during.every((s) => s.dashboard.workerListFrom === 'protocol' && s.dashboard.protocolProblem === null)).toBe(
      true,
    );
    // Each worker's tasks, as Dask's processing lists them: Covalent's electrons of this dispatch.
    const listed = during.flatMap((s) => s.workers.flatMap((w) => w.tasks ?? []));
    report('task keys listed on worker rows while tasks stream', new Set(listed).size);
    expect(listed.every((k) => /^dask_job_[0-9a-f-]{36}:\d+$/.test(k))).toBe(true);
    expect(new Set(listed).size).toBeGreaterThan(3);
    // The counts shown are Dask's: the processing count is one Dask's client saw around the time they were read.
    const agree = during.filter((s) => {
      if (s.dashboard.tasks === null || s.dashboard.tasksAt === null) return false;
      const at = Date.parse(s.dashboard.tasksAt);
      const seen = truth.lines.filter((l) => Math.abs(l.at - at) <= 700).map((l) => l.processing);
      return seen.includes(s.dashboard.tasks.processing);
    });
    const ages = during.map((s) =>
      s.dashboard.tasksAt ? Date.parse(s.sampledAt) - Date.parse(s.dashboard.tasksAt) : Infinity,
    );
    report('samples whose processing count Dask had when it was read', [agree.length, during.length]);
    const median = [...ages].sort((a, b) => a - b)[ages.length >> 1]!;
    report('age of the task counts shown, ms: median, max', [median, Math.max(...ages)]);
    // Not frozen (issue 9: zero for a whole run): read in every sample, a second or two old, mostly what Dask had.
    expect(during.every((s) => s.dashboard.tasks !== null)).toBe(true);
    expect(median).toBeLessThanOrEqual(2000);
    expect(agree.length).toBeGreaterThanOrEqual(0.5 * during.length);
    expect(during.filter((s) => (s.dashboard.tasks?.processing ?? 0) > 0).length).toBeGreaterThan(during.length / 2);
    for (const s of during) {
      expect(named(s, 2), `${s.sampledAt}: ${JSON.stringify(s.workers.map((w) => w.name))}`).toBe(true);
      expect(s.workers.every((w) => w.memoryLimitBytes === 400_000_000 && w.memoryLimitSource === 'dask')).toBe(true);
      expect(s.status, s.reason).toBe('running');
    }
    for (const s of failing) {
      expect(s.dashboard.problem).toMatch(/dask\/distributed#8370\); (counts\.json answers|\/health is ok)$/);
      expect(s.workerMatching).toMatch(
        /^Names, limits and statuses are from Dask's last good answer, at \d\d:\d\d:\d\d \(\d+ s ago\)$/,
      );
    }
  });

  it("shows a worker Dask pauses as paused once Dask's answer says so, and its age while Dask cannot say", async () => {
    const run = growInWorkflow(cluster, 0.85, 6);
    try {
      const pausedLine = await until(
        () => truth.lines.find((l) => Object.values(l.workers).some((w) => w.status === 'paused')),
        90_000,
      );
      const [, pausedWorker] = Object.entries(pausedLine.workers).find(([, w]) => w.status === 'paused')!;
      const resumedLine = await until(
        () =>
          truth.lines.find(
            (l) =>
              l.at > pausedLine.at &&
              Object.values(l.workers).some((w) => w.pid === pausedWorker.pid && w.status === 'running'),
          ),
        60_000,
      );
      await run.done;
      await new Promise((r) => setTimeout(r, 4000));
      const shown = (x: Snapshot) => x.workers.find((w) => w.pid === pausedWorker.pid);
      const after = (t: number) => watch.snapshots.filter((x) => Date.parse(x.sampledAt) >= t);
      const fresh = (x: Snapshot) => {
        const w = shown(x);
        const age = w ? daskWordAgeMs(w, x.sampledAt) : null;
        return age !== null && age <= daskStaleAfterMs(1000);
      };
      const seenPaused = after(pausedLine.at).findIndex((x) => fresh(x) && shown(x)?.status === 'paused');
      const seenResumed = after(resumedLine.at).findIndex((x) => !(fresh(x) && shown(x)?.status === 'paused'));
      report(
        'samples from Dask pausing the worker to the panel showing it paused',
        seenPaused === -1 ? -1 : seenPaused + 1,
      );
      expect(seenPaused).toBeGreaterThanOrEqual(0);
      expect(seenPaused + 1).toBeLessThanOrEqual(2);
      report('samples from Dask resuming it to the panel no longer showing it paused', seenResumed + 1);
      report("seconds the worker was paused, by Dask's own answers", (resumedLine.at - pausedLine.at) / 1000);
      // Never held past Dask's word: once Dask has resumed it, a current "paused" lasts at most two samples.
      expect(seenResumed + 1).toBeLessThanOrEqual(2);
      // Dask's word out of date: the status sentence never says the worker is paused now.
      for (const x of watch.snapshots.filter((x) => shown(x)?.status === 'paused' && !fresh(x))) {
        expect(x.reason).not.toMatch(/is paused by Dask/);
      }
    } finally {
      run.stop();
    }
  }, 150_000);

  it('never shows a status as current that Dask did not give at that time', () => {
    let compared = 0;
    for (const s of watch.snapshots) {
      for (const w of s.workers) {
        const age = daskWordAgeMs(w, s.sampledAt);
        if (w.status === null || age === null || age > daskStaleAfterMs(1000)) continue;
        const said = truth.near(Date.parse(w.daskSeenAt!), 400);
        const entry = said && Object.values(said.workers).find((t) => t.pid === w.pid);
        if (!entry) continue;
        compared++;
        // Dask pauses and resumes within 100 ms of memory moving: allow the neighbouring answer.
        const neighbours = truth.lines.filter((l) => Math.abs(l.at - Date.parse(w.daskSeenAt!)) <= 400);
        const statuses = new Set(neighbours.map((l) => Object.values(l.workers).find((t) => t.pid === w.pid)?.status));
        expect(
          statuses.has(w.status),
          `${s.sampledAt} worker ${w.name}: shown ${w.status}, Dask said ${[...statuses]}`,
        ).toBe(true);
      }
    }
    report("worker statuses compared with Dask's own answer", compared);
    expect(compared).toBeGreaterThan(0);
  });

  it('names a worker killed and restarted while tasks stream within two samples', async () => {
    const before = watch.snapshots.at(-1)!;
    const victim = before.workers.find((w) => w.name === '1')!;
    const existing = new Set(workerProcesses(cluster.pid).map((p) => p.pid));
    process.kill(victim.pid!, 'SIGKILL');
    const seen = await watch.waitForSnapshot(
      (s) => s.workers.some((w) => w.pid !== null && !existing.has(w.pid)),
      30_000,
    );
    const replacement = seen.workers.find((w) => w.pid !== null && !existing.has(w.pid))!.pid!;
    const from = watch.snapshots.indexOf(seen);
    const isNamed = (x: Snapshot) => x.workers.some((w) => w.pid === replacement && w.name === '1');
    if (!watch.snapshots.slice(from).some(isNamed)) await watch.waitForSnapshot(isNamed, 30_000);
    const samples = watch.snapshots.slice(from).findIndex(isNamed) + 1;
    report("samples from the replacement's first row to its name", samples);
    expect(samples).toBeLessThanOrEqual(2);
    // A kill Dask did not report (a SIGKILL, not its nanny): the alert waits for a report a moment, then says it.
    const isIt = (a: Alert) =>
      a.kind === 'worker-restarted' && a.message.includes(`(pid ${victim.pid} → ${replacement})`);
    const alert = watch.alerts.find(isIt) ?? (await watch.waitForAlert(isIt, 10_000));
    expect(alert?.worker).toBe('1');
    // Dask lists it in the end, at its new address: the name becomes Dask's own. How long that takes
    // over HTTP while identity.json fails is measured, not asserted (Dask's protocol does not fail).
    const own = (x: Snapshot) =>
      x.workers.some((w) => w.pid === replacement && w.replacedPid === null && w.address !== null);
    const listed = await watch.waitForSnapshot(own, 40_000).catch(() => null);
    const killedAt = Date.parse(seen.sampledAt);
    report(
      "seconds until Dask's own entry for the replacement",
      listed ? (Date.parse(listed.sampledAt) - killedAt) / 1000 : '> 40',
    );
  }, 90_000);
});
