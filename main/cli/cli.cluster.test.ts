/**
 * The CLI against the real `covalent start`, checked against ground truth read apart from the
 * monitor: /proc, Dask's own client, and the config as Python's toml reads it.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClusterFixture,
  daskPythonOrSkip,
  describeDaskPython,
  serverUpSentence,
  startCluster,
} from '../../testing/cluster-fixture';
import { daskWorkers, readConfigWithPython } from '../../testing/dask-truth';
import { canChoosePid, spawnWithPid } from '../../testing/pid-reuse';
import { isAlive, readTruth, workerProcesses } from '../../testing/proc-truth';
import { CLI, runStatus } from '../../testing/run-cli';

const python = daskPythonOrSkip();
const d = python ? describe : describe.skip;
const on = python ? ` on ${describeDaskPython(python)}` : '';

/** The process name the kernel gives (comm), as the monitor's messages quote it. */
const commOf = (pid: number) => fs.readFileSync(`/proc/${pid}/comm`, 'utf8').trim();

const LABELS: Record<string, string> = {
  cacheDir: 'cache_dir',
  logDir: 'log_dir',
  memPerWorker: 'mem_per_worker',
  threadsPerWorker: 'threads_per_worker',
  numWorkers: 'num_workers',
  schedulerAddress: 'scheduler_address',
  dashboardLink: 'dashboard_link',
  processInfo: 'process_info',
  pid: 'pid',
  adminHost: 'admin_host',
  adminPort: 'admin_port',
};

/**
 * [dask] keys that leave the monitor no view of Dask's own: a dashboard on a dead port, and the
 * scheduler's address as tls:// (same port, so the process is still recognised), which this
 * monitor does not speak Dask's protocol to.
 */
const noDaskView = (fixture: ClusterFixture) => ({
  dashboard_link: 'http://127.0.0.1:9/status',
  scheduler_address: fixture.schedulerAddress.replace(/^tcp:/, 'tls:'),
});

/** Writes a copy of the cluster's config with some [dask] keys changed, keeping the original's mtime. */
function variant(fixture: ClusterFixture, name: string, dask: Record<string, string | number>): string {
  let text = fs.readFileSync(fixture.configPath, 'utf8');
  for (const [key, value] of Object.entries(dask)) {
    text = text.replace(new RegExp(`^${key} = .*$`, 'm'), `${key} = ${JSON.stringify(value)}`);
  }
  const file = path.join(fixture.configDir, name);
  fs.writeFileSync(file, text);
  const st = fs.statSync(fixture.configPath);
  fs.utimesSync(file, st.atime, st.mtime);
  return file;
}

d(`status --json after covalent start -n 2 -m 400MB -t 1${on}`, () => {
  let cluster: ClusterFixture;
  beforeAll(async () => {
    cluster = await startCluster({ workers: 2, memoryLimit: '400MB' });
  });
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('shows every field exactly as the config file holds it', () => {
    const { code, snapshot } = runStatus([], cluster.env);
    expect(code).toBe(0);
    expect(snapshot.configPath).toBe(cluster.configPath);
    const file = readConfigWithPython(cluster);
    for (const [key, tomlKey] of Object.entries(LABELS)) {
      expect((snapshot.config as unknown as Record<string, unknown>)[key], key).toEqual(file.dask![tomlKey]);
    }
    expect(snapshot.config!.noCluster).toBe(file.sdk!.no_cluster === 'true');
    expect(snapshot.configIssues).toEqual([]);
  });

  it('reports the scheduler and each worker as /proc and Dask do', async () => {
    // Memory and threads move a little between two reads: compare, and look again if they moved.
    let lastError: unknown;
    for (let attempt = 0; attempt < 5; attempt++) {
      const { snapshot } = runStatus([], cluster.env);
      const dask = daskWorkers(cluster);
      const procWorkers = workerProcesses(cluster.pid);
      try {
        expect(snapshot.status).toBe('running');
        expect(snapshot.scheduler).toMatchObject({ pid: cluster.pid, alive: true, suspended: false });
        const sched = readTruth(cluster.pid)!;
        expect(Math.abs(snapshot.scheduler!.rssBytes! - sched.rssBytes) / sched.rssBytes).toBeLessThan(0.1);
        expect(snapshot.scheduler!.threads).toBe(sched.threads);

        const rows = [...snapshot.workers].sort((a, b) => a.pid! - b.pid!);
        expect(rows.map((w) => w.pid)).toEqual(procWorkers.map((p) => p.pid));
        expect(rows.map((w) => w.pid)).toEqual(dask.map((w) => w.pid));
        for (const [i, row] of rows.entries()) {
          const truth = readTruth(row.pid!)!;
          expect(row.name).toBe(dask[i]!.name);
          expect(row.address).toBe(dask[i]!.address);
          expect(Math.abs(row.rssBytes! - truth.rssBytes) / truth.rssBytes, `rss of ${row.pid}`).toBeLessThan(0.1);
          expect(row.threads).toBe(truth.threads);
          expect(row.memoryLimitBytes).toBe(400_000_000);
          expect(row.memoryLimitBytes).toBe(dask[i]!.memoryLimit);
          expect(row.memoryLimitSource).toBe('dask');
          expect(row.nthreads).toBe(dask[i]!.nthreads);
          expect(row.status).toBe('running');
          expect(row.memoryFraction).toBeCloseTo(row.rssBytes! / 400_000_000, 10);
        }
        return;
      } catch (err) {
        lastError = err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
    throw lastError;
  });

  it('prints the same figures as a short aligned table', () => {
    const r = spawnSync(process.execPath, [CLI, 'status'], { env: cluster.env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^Covalent Dask cluster: running — 2 workers running, 400 MB each\n/);
    expect(r.stdout).toContain(`PID                 ${cluster.pid}`);
    expect(r.stdout).toMatch(/\n {2}name {2}pid +memory +of limit +limit +threads +cpu +status\n/);
    expect(r.stdout).toContain('400 MB');
  });

  it('does not take another Python process (the dispatcher, started earlier) for the cluster', () => {
    const file = variant(cluster, 'parent-pid.conf', { pid: cluster.parentPid });
    const { code, snapshot } = runStatus(['--config', file], cluster.env);
    expect(code).toBe(3);
    expect(snapshot.status).toBe('stopped');
    expect(snapshot.reason).toBe(
      `The Dask cluster is not running: process ${cluster.parentPid} (${commOf(cluster.parentPid)}) does not listen on the scheduler's port ${cluster.schedulerAddress.split(':').pop()}${serverUpSentence(cluster)}`,
    );
    expect(snapshot.runtimeKeysStale).toBe(true);
    expect(snapshot.workers).toEqual([]);
  });

  it('computes the limit from mem_per_worker, as Dask does, when the dashboard is out of reach', () => {
    const file = variant(cluster, 'no-dashboard.conf', noDaskView(cluster));
    const { snapshot } = runStatus(['--config', file], cluster.env);
    expect(snapshot.workers).toHaveLength(2);
    for (const w of snapshot.workers) {
      expect(w).toMatchObject({ memoryLimitBytes: 400_000_000, memoryLimitSource: 'config', name: null });
    }
    expect(snapshot.status).toBe('degraded');
    expect(snapshot.reason).toMatch(/its dashboard at 127\.0\.0\.1:9 does not answer/);
  });

  it('says stopped after covalent stop, and marks the left-over keys stale', async () => {
    await cluster.stop();
    const stopped = runStatus([], cluster.env);
    expect(stopped.code).toBe(3);
    expect(stopped.snapshot).toMatchObject({
      status: 'stopped',
      reason: `The Dask cluster is not running: process ${cluster.pid} has exited`,
      runtimeKeysStale: true,
      scheduler: { pid: cluster.pid, alive: false },
      workers: [],
    });
    expect(stopped.snapshot.config!.pid).toBe(cluster.pid); // covalent stop leaves it (covalent#1009)
  });

  it('does not take the stale pid, reused by another process, for the cluster', async ({ skip }) => {
    if (!canChoosePid()) skip('choosing a pid means writing /proc/sys/kernel/ns_last_pid, which needs root');
    await cluster.stop();
    const impostor = await spawnWithPid(cluster.pid);
    try {
      const reused = runStatus([], cluster.env);
      expect(reused.code).toBe(3);
      expect(reused.snapshot.status).toBe('stopped');
      expect(reused.snapshot.reason).toMatch(
        new RegExp(
          `^The Dask cluster is not running: process ${cluster.pid} \\(sleep\\) started at .*, after Covalent wrote that pid$`,
        ),
      );
    } finally {
      impostor.kill('SIGKILL');
    }
  });
});

d(`covalent start -n 1 -m auto -t 2${on}`, () => {
  let cluster: ClusterFixture;
  beforeAll(async () => {
    cluster = await startCluster({ workers: 1, threads: 2, memoryLimit: 'auto' });
  });
  afterAll(async () => {
    await cluster?.dispose();
  });

  it('gives the limit Dask gives, from Dask and from its own computation', () => {
    const [truth] = daskWorkers(cluster);
    const fromDask = runStatus([], cluster.env).snapshot;
    expect(fromDask.workers[0]).toMatchObject({
      memoryLimitBytes: truth!.memoryLimit,
      memoryLimitSource: 'dask',
      nthreads: 2,
    });
    const file = variant(cluster, 'no-dashboard.conf', noDaskView(cluster));
    const computed = runStatus(['--config', file], cluster.env).snapshot;
    expect(computed.workers[0]).toMatchObject({ memoryLimitBytes: truth!.memoryLimit, memoryLimitSource: 'config' });
    expect(isAlive(cluster.pid)).toBe(true);
  });
});

d(`covalent start --no-cluster${on}`, () => {
  it('says Covalent uses its local executor, and exits 0', async () => {
    const cluster = await startCluster({ noCluster: true });
    try {
      const { code, snapshot } = runStatus([], cluster.env);
      expect(code).toBe(0);
      expect(snapshot).toMatchObject({ status: 'no-cluster', scheduler: null, workers: [] });
      expect(snapshot.config!.noCluster).toBe(true);
      expect(snapshot.reason).toBe(
        'No Cluster is set: Covalent runs tasks with its local executor and starts no Dask cluster',
      );
    } finally {
      await cluster.dispose();
    }
  });
});

describe('no config at all', () => {
  it('says where it looked, and exits 4', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'empty-'));
    try {
      const { code, snapshot } = runStatus([], { ...process.env, COVALENT_CONFIG_DIR: dir });
      expect(code).toBe(4);
      expect(snapshot.status).toBe('not-configured');
      expect(snapshot.reason).toContain(path.join(dir, 'covalent.conf'));
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });
});
