/**
 * Our imitation of `covalent start` on plain Dask (testing/python/covalent_imitation.py), in a temporary
 * COVALENT_CONFIG_DIR: for a Python without Covalent (the demo's fallback).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import type { ClusterFixture, ClusterOptions } from './cluster-fixture';
import { type DaskPythonFound, REPO_ROOT } from './dask-python';
import { type ProcessMark, killMarked, liveGroups, markOf } from './process-groups';
import { descendantsOf } from './proc-truth';

interface Started {
  child: ChildProcess;
  ready: Record<string, unknown>;
}

async function launch(python: string, args: string[], env: NodeJS.ProcessEnv): Promise<Started> {
  // Its own process group: a Ctrl-C meant for the demo or the test runner must not reach the
  // workers half-way; stop() ends the cluster in order instead.
  const child = spawn(python, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  liveGroups.add(child.pid!);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const ready = await new Promise<Record<string, unknown>>((resolve, reject) => {
    const lines = readline.createInterface({ input: child.stdout! });
    lines.once('line', (line) => {
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        reject(new Error(`covalent_imitation.py said ${line}`));
      }
    });
    child.once('exit', (code) =>
      reject(new Error(`covalent_imitation.py exited (${code}) before the cluster was up:\n${stderr}`)),
    );
  });
  if (ready.ready !== true) {
    child.kill('SIGKILL');
    throw new Error(`the cluster did not start: ${String(ready.error)}\n${stderr}`);
  }
  return { child, ready };
}

export async function startImitationCluster(python: DaskPythonFound, options: ClusterOptions): Promise<ClusterFixture> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'covalent-dask-tray-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COVALENT_CONFIG_DIR: configDir,
    XDG_CACHE_HOME: path.join(configDir, 'cache'),
    // Dask's scratch space, so concurrent fixtures do not share one
    DASK_TEMPORARY_DIRECTORY: path.join(configDir, 'dask-scratch'),
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const args = [
    path.join(REPO_ROOT, 'testing', 'python', 'covalent_imitation.py'),
    '--workers',
    String(options.workers ?? 2),
    '--threads',
    String(options.threads ?? 1),
    '--memory-limit',
    String(options.memoryLimit ?? 'auto'),
  ];

  let current: Started | null = null;
  let marks: ProcessMark[] = [];
  const fixture: ClusterFixture = {
    kind: 'imitation',
    configDir,
    configPath: path.join(configDir, 'covalent.conf'),
    env,
    pid: 0,
    parentPid: 0,
    schedulerAddress: '',
    dashboardLink: '',
    adminAddress: '',
    serverUrl: null,
    python,
    async start(again) {
      const noCluster = again?.noCluster ?? options.noCluster;
      current = await launch(python.python, noCluster ? [...args, '--no-cluster'] : args, env);
      const r = current.ready;
      fixture.pid = Number(r.pid ?? 0);
      fixture.parentPid = current.child.pid!;
      fixture.schedulerAddress = String(r.scheduler_address ?? '');
      fixture.dashboardLink = String(r.dashboard_link ?? '');
      fixture.adminAddress = r.admin_host ? `tcp://${String(r.admin_host)}:${String(r.admin_port)}` : '';
    },
    async stop() {
      if (!current) return;
      const { child } = current;
      current = null;
      marks = [markOf(child.pid!), ...descendantsOf(child.pid!).map((p) => markOf(p.pid))];
      if (child.exitCode === null && child.signalCode === null) {
        let timer: NodeJS.Timeout | undefined;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
        clearTimeout(timer);
      }
      // Whatever the graceful stop left behind (a worker orphaned by a killed nanny) goes now.
      await killMarked(marks);
      liveGroups.delete(child.pid!);
    },
    async restart() {
      await fixture.stop();
      await fixture.start();
    },
    async dispose() {
      await fixture.stop();
      fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
  await fixture.start();
  return fixture;
}
