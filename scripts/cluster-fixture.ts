/**
 * A real Covalent-style Dask cluster for the tests, the benchmark and the demo: starts
 * scripts/covalent_cluster.py with a Python that has dask `distributed`, in a temporary
 * COVALENT_CONFIG_DIR, and stops it (and every process it left) afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import readline from 'node:readline';

/** scripts/ of this checkout, from wherever this module runs (source, or bundled into dist/). */
const SCRIPTS = (() => {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'scripts', 'covalent_cluster.py'))) return path.join(dir, 'scripts');
    if (path.dirname(dir) === dir) throw new Error(`scripts/covalent_cluster.py not found above ${__dirname}`);
  }
})();

export type DaskPython = { python: string } | { missing: string };

let found: DaskPython | null = null;

/** DASK_PYTHON, else python3 on PATH, else /usr/bin/python3: the first that imports distributed and toml. */
export function findDaskPython(): DaskPython {
  if (found) return found;
  const candidates = process.env.DASK_PYTHON ? [process.env.DASK_PYTHON] : ['python3', '/usr/bin/python3'];
  const tried: string[] = [];
  for (const python of candidates) {
    const r = spawnSync(python, ['-c', 'import distributed, toml; print(distributed.__version__)'], { encoding: 'utf8', timeout: 60_000 });
    if (r.status === 0) return (found = { python });
    tried.push(`${python}: ${r.error ? r.error.message : (r.stderr.trim().split('\n').pop() ?? `exit ${r.status}`)}`);
  }
  return (found = {
    missing: `no Python with dask distributed and toml (tried ${tried.join('; ')}). Install python3-distributed and python3-toml, or set DASK_PYTHON`,
  });
}

/** The Python to use, or a reason to skip; under CI=true a missing one is an error, not a skip. */
export function daskPythonOrSkip(): string | null {
  const p = findDaskPython();
  if ('python' in p) return p.python;
  if (process.env.CI === 'true') throw new Error(p.missing);
  console.warn(`skipping cluster tests: ${p.missing}`);
  return null;
}

export interface ClusterOptions {
  workers?: number;
  threads?: number;
  /** Covalent's mem_per_worker: "auto", "400MB", a number. */
  memoryLimit?: string | number;
  noCluster?: boolean;
  /** Re-use a config directory (to restart a cluster in place); a new temporary one otherwise. */
  configDir?: string;
}

export interface ClusterFixture {
  configDir: string;
  configPath: string;
  /** Environment in which Covalent (and the monitor) finds this config. */
  env: NodeJS.ProcessEnv;
  /** The DaskCluster process: the config's pid, parent of the workers. */
  pid: number;
  /** The process standing in for Covalent's dispatcher. */
  parentPid: number;
  schedulerAddress: string;
  dashboardLink: string;
  python: string;
  /** Like `covalent stop`: the cluster ends, the runtime keys stay in the file. */
  stop(): Promise<void>;
  /** Stops the cluster if it runs and removes the temporary directory. */
  dispose(): Promise<void>;
}

const live = new Set<ClusterFixture>();
// If the runner exits without disposing (a crash, a timeout), take the clusters' process groups along.
process.once('exit', () => {
  for (const f of live) {
    try {
      process.kill(-f.parentPid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
});

function descendants(pid: number): number[] {
  const out: number[] = [];
  const walk = (p: number) => {
    let tids: string[] = [];
    try {
      tids = fs.readdirSync(`/proc/${p}/task`);
    } catch {
      return;
    }
    for (const tid of tids) {
      let text = '';
      try {
        text = fs.readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8');
      } catch {
        continue;
      }
      for (const c of text.trim().split(' ').filter(Boolean).map(Number)) {
        out.push(c);
        walk(c);
      }
    }
  };
  walk(pid);
  return out;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pids: number[], ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (pids.every((p) => !alive(p) || isZombie(p))) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return false;
}

function isZombie(pid: number): boolean {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

export async function startCluster(options: ClusterOptions = {}): Promise<ClusterFixture> {
  const p = findDaskPython();
  if (!('python' in p)) throw new Error(p.missing);
  const configDir = options.configDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'covalent-dask-tray-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    COVALENT_CONFIG_DIR: configDir,
    XDG_CACHE_HOME: path.join(configDir, 'cache'),
    // Dask's scratch space, so concurrent fixtures do not share one
    DASK_TEMPORARY_DIRECTORY: path.join(configDir, 'dask-scratch'),
    PYTHONDONTWRITEBYTECODE: '1',
  };
  const args = [
    path.join(SCRIPTS, 'covalent_cluster.py'),
    '--workers', String(options.workers ?? 2),
    '--threads', String(options.threads ?? 1),
    '--memory-limit', String(options.memoryLimit ?? 'auto'),
  ];
  if (options.noCluster) args.push('--no-cluster');
  // Its own process group: a Ctrl-C meant for the demo or the test runner must not reach the
  // workers half-way; stop() ends the cluster in order instead.
  const child: ChildProcess = spawn(p.python, args, { env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
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
        reject(new Error(`covalent_cluster.py said ${line}`));
      }
    });
    child.once('exit', (code) => reject(new Error(`covalent_cluster.py exited (${code}) before the cluster was up:\n${stderr}`)));
  });
  if (ready.ready !== true) {
    child.kill('SIGKILL');
    throw new Error(`the cluster did not start: ${String(ready.error)}\n${stderr}`);
  }

  const pid = Number(ready.pid ?? 0);
  let stopped = false;
  const fixture: ClusterFixture = {
    configDir,
    configPath: path.join(configDir, 'covalent.conf'),
    env,
    pid,
    parentPid: child.pid!,
    schedulerAddress: String(ready.scheduler_address ?? ''),
    dashboardLink: String(ready.dashboard_link ?? ''),
    python: p.python,
    async stop() {
      if (stopped) return;
      stopped = true;
      const all = [child.pid!, ...descendants(child.pid!)];
      if (child.exitCode === null && child.signalCode === null) {
        let timer: NodeJS.Timeout | undefined;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 20_000)))]);
        clearTimeout(timer);
      }
      // Whatever the graceful stop left behind (a worker orphaned by a killed nanny) goes now.
      const left = all.filter((x) => alive(x) && !isZombie(x));
      for (const x of left) {
        try {
          process.kill(x, 'SIGKILL');
        } catch {
          // already gone
        }
      }
      await waitGone(left, 5000);
    },
    async dispose() {
      await fixture.stop();
      live.delete(fixture);
      if (!options.configDir) fs.rmSync(configDir, { recursive: true, force: true });
    },
  };
  live.add(fixture);
  return fixture;
}

/** Every process of the cluster: the DaskCluster process and its children, read from /proc. */
export function clusterProcesses(fixture: ClusterFixture): number[] {
  return [fixture.pid, ...descendants(fixture.pid)];
}

export interface Pressure {
  /** Resolves with the script's last JSON line once it ends. */
  done: Promise<Record<string, unknown>>;
  stop(): void;
}

/** Makes worker `name` allocate until its RSS reaches `fraction` of its limit, and hold for `holdSeconds`. */
export function pressWorker(fixture: ClusterFixture, name: string, fraction: number, holdSeconds: number, stampAt?: number): Pressure {
  const args = [path.join(SCRIPTS, 'dask_pressure.py'), fixture.schedulerAddress, name, String(fraction), String(holdSeconds)];
  if (stampAt !== undefined) args.push('--stamp-at', String(stampAt));
  const child = spawn(fixture.python, args, { env: fixture.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const done = new Promise<Record<string, unknown>>((resolve) => {
    child.once('exit', (code) => {
      const last = out.trim().split('\n').pop();
      try {
        resolve(JSON.parse(last ?? '') as Record<string, unknown>);
      } catch {
        resolve({ done: false, error: `exit ${code}`, stderr: err });
      }
    });
  });
  return { done, stop: () => child.kill('SIGKILL') };
}

/** Stops every cluster still running: for test teardown and process exit. */
export async function disposeAll(): Promise<void> {
  await Promise.all([...live].map((f) => f.dispose()));
}
