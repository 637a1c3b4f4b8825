/**
 * Covalent's workflows as the monitor reads them from a real `covalent start` (0.240.0): the
 * server's state beside the cluster's, the running dispatch with its progress, one alert each
 * when a workflow completes, fails (with the electron and error Covalent kept) or is cancelled,
 * none for what had ended before the monitor started, and `status`. Ground truth is Covalent's
 * own Python API (ct.get_result, in testing/python/covalent_workflows.py) and the config file.
 */
import fs from 'node:fs';
import toml from 'toml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterFixture,
  daskPythonOrSkip,
  describeDaskPython,
  endWorkflow,
  startCluster,
} from '../../../testing/cluster-fixture';
import { type Watch, runStatus, startWatch } from '../../../testing/run-cli';
import type { Alert, DispatchInfo } from '../../../shared/snapshot';
import { dispatchPageUrl } from '../../../shared/config-urls';

const python = daskPythonOrSkip();
const d = python?.covalent ? describe : describe.skip;

/** Covalent's Python API gives naive datetimes in UTC. */
const utc = (t: unknown) => Date.parse(`${String(t)}Z`);

d(`Covalent's workflows (covalent start -n 2, ${python ? describeDaskPython(python) : ''})`, () => {
  let cluster: ClusterFixture;
  let watch: Watch;
  const truths: Record<string, Record<string, unknown>> = {};
  beforeAll(async () => {
    cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
    watch = startWatch([], cluster.env);
    await watch.waitForSnapshot((s) => s.status === 'running' && s.workflows.reachable === true, 60_000);
  }, 240_000);
  afterAll(async () => {
    await watch?.stop();
    await cluster?.dispose();
  });

  it('asks the server the config names, and finds it up beside the cluster', () => {
    const file = toml.parse(fs.readFileSync(cluster.configPath, 'utf8'));
    const s = watch.snapshots.at(-1)!;
    expect(s.workflows.url).toBe(`http://${file.user_interface.address}:${file.user_interface.port}/`);
    expect(s.workflows.url).toBe(cluster.serverUrl);
    expect(s.workflows).toMatchObject({ reachable: true, problem: null, runningCount: 0, running: [], recent: [] });
    expect(s.workflows.totals).toEqual({ all: 0, running: 0, completed: 0, failed: 0, cancelled: 0 });
  });

  it('shows a running workflow with its progress, then one alert when it completes', async () => {
    const run = endWorkflow(cluster, 'completed', 2);
    const running = await watch.waitForSnapshot(
      (s) => s.workflows.running.some((d) => d.id === run.dispatchId()),
      30_000,
    );
    const item = running.workflows.running.find((d) => d.id === run.dispatchId())!;
    expect(item).toMatchObject({ name: 'ok_flow', status: 'RUNNING', endedAt: null });
    expect(item.electronsDone!).toBeLessThan(item.electrons!);
    expect(running.workflows.totals!.running).toBe(1);

    const alert = await watch.waitForAlert((a) => a.kind === 'workflow-completed', 60_000);
    const truth = await run.done;
    truths.completed = truth;
    expect(truth).toMatchObject({ done: true, status: 'COMPLETED', name: 'ok_flow' });
    expectMatches(alert, truth);
    expect(alert.message).toMatch(/^Workflow ok_flow completed in \d+ s$/);
    // What clicking it opens: the UI's own page for the dispatch (its React route "/:dispatchId"), which the server serves.
    const snapshot = watch.snapshots.at(-1)!;
    const page = dispatchPageUrl(snapshot.config, alert.dispatch!.id)!;
    expect(page.href).toBe(`${cluster.serverUrl}${truth.dispatch_id}`);
    const res = await fetch(page, { redirect: 'manual' });
    expect([res.status, res.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(await res.text()).toContain('<title>Covalent</title>');
    // Three chained electrons and their parameters and Covalent's postprocess, all done.
    expect(alert.dispatch!.electronsDone).toBe(alert.dispatch!.electrons);
  }, 90_000);

  it('names the failed electron and its error as Covalent kept them', async () => {
    const run = endWorkflow(cluster, 'failed', 1);
    const alert = await watch.waitForAlert((a) => a.kind === 'workflow-failed', 60_000);
    const truth = await run.done;
    truths.failed = truth;
    expect(truth).toMatchObject({ done: true, status: 'FAILED', name: 'fail_flow' });
    expectMatches(alert, truth);
    const failed = truth.failed as [number, string][];
    expect(alert.failedElectrons!.map((f) => [f.nodeId, f.name])).toEqual(failed);
    expect(alert.failedElectrons![0]!.error).toBe('ValueError: boom');
    // The last line of what Covalent's own API kept for that electron.
    const kept = (truth.node_errors as Record<string, string>)[String(failed[0]![0])]!;
    expect(kept.trim().split('\n').at(-1)!.trim(), kept).toBe('ValueError: boom');
    expect(String(truth.error)).toMatch(/The following tasks failed:\s+3: explode/);
    expect(alert.message).toMatch(/^Workflow fail_flow failed after \d+ s: electron explode \(ValueError: boom\)$/);
  }, 90_000);

  it('says when a workflow is cancelled', async () => {
    const run = endWorkflow(cluster, 'cancelled', 8);
    const alert = await watch.waitForAlert((a) => a.kind === 'workflow-cancelled', 60_000);
    const truth = await run.done;
    truths.cancelled = truth;
    expect(truth).toMatchObject({ done: true, status: 'CANCELLED', name: 'cancel_flow' });
    expectMatches(alert, truth);
    // One alert per ending, whatever the rounds since.
    expect(watch.alerts.filter((a) => a.kind.startsWith('workflow-')).map((a) => a.kind)).toEqual([
      'workflow-completed',
      'workflow-failed',
      'workflow-cancelled',
    ]);
  }, 90_000);

  it('makes no alert for workflows that had ended before it started, and status lists them', async () => {
    const ids = Object.values(truths).map((t) => t.dispatch_id as string);
    expect(ids).toHaveLength(3);
    const late = startWatch([], cluster.env);
    try {
      const s = await late.waitForSnapshot((s) => s.workflows.recent.length === 3, 30_000);
      expect(s.workflows.recent.map((d) => d.id).sort()).toEqual([...ids].sort());
      // It has answered at least once more since it first listed them: still nothing to say.
      await late.waitForSnapshot((x) => x.workflows.at !== s.workflows.at, 30_000);
      expect(late.alerts.filter((a) => a.kind.startsWith('workflow-'))).toEqual([]);
    } finally {
      await late.stop();
    }

    const { snapshot } = runStatus([], cluster.env);
    expect(snapshot.workflows.totals).toEqual({ all: 3, running: 0, completed: 1, failed: 1, cancelled: 1 });
    const byId = new Map<string, DispatchInfo>(snapshot.workflows.recent.map((d) => [d.id, d]));
    for (const t of Object.values(truths)) {
      expect(byId.get(t.dispatch_id as string)).toMatchObject({ name: t.name, status: t.status });
    }
  }, 90_000);

  it('says the server does not answer while the cluster runs, and greys nothing it cannot know', async () => {
    // Covalent's server stopped by a signal: it accepts connections but never answers.
    process.kill(cluster.parentPid, 'SIGSTOP');
    try {
      const s = await watch.waitForSnapshot((x) => x.workflows.reachable === false, 30_000);
      expect(s.status).toBe('running');
      expect(s.reason).toContain(`Covalent's server does not answer at ${new URL(cluster.serverUrl!).host}`);
      expect(s.workflows.problem).toMatch(/no answer from .* within 2000 ms/);
      expect(s.workflows).toMatchObject({ totals: null, running: [], runningCount: 0 });
    } finally {
      process.kill(cluster.parentPid, 'SIGCONT');
    }
    const back = await watch.waitForSnapshot((x) => x.workflows.reachable === true, 60_000);
    expect(back.reason).not.toContain("Covalent's server");
  }, 120_000);
});

/** The alert's dispatch is Covalent's own account of it: id, name, status, start, end and runtime. */
function expectMatches(alert: Alert, truth: Record<string, unknown>) {
  const d = alert.dispatch!;
  expect({ id: d.id, name: d.name, status: d.status }).toEqual({
    id: truth.dispatch_id,
    name: truth.name,
    status: truth.status,
  });
  expect(Math.abs(Date.parse(d.startedAt!) - utc(truth.started_at))).toBeLessThan(5);
  expect(Math.abs(Date.parse(d.endedAt!) - utc(truth.ended_at))).toBeLessThan(5);
  // Covalent's runtime is to the second (SQLite's strftime('%s')).
  expect(Math.abs(d.runtimeMs! - (utc(truth.ended_at) - utc(truth.started_at)))).toBeLessThanOrEqual(1000);
  expect(Date.parse(alert.at)).toBeGreaterThanOrEqual(utc(truth.ended_at));
}
