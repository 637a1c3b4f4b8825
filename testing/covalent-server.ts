/**
 * The real Covalent, started the way users start it: `covalent start --port P -n W -m MEM -t T`
 * (or `--no-cluster`) with HOME set to a temporary folder, where Covalent keeps its config, cache,
 * database and logs (covalent/_shared_files/defaults.py). `covalent stop` and `covalent restart`
 * likewise; whatever they leave running is ended afterwards.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { ClusterFixture, ClusterOptions } from './cluster-fixture';
import type { DaskPythonFound } from './dask-python';
import { type ProcessMark, killMarked, liveGroups, markOf } from './process-groups';
import { descendantsOf, isAlive, workerProcesses } from './proc-truth';

/** `covalent start` on two cores: migrations on first start, then the server and the cluster. */
const START_TIMEOUT_MS = 180_000;
const STOP_TIMEOUT_MS = 60_000;

export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** The environment of a user whose home is `home`: nothing of ours points Covalent elsewhere. */
export function covalentEnv(home: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, HOME: home, PYTHONDONTWRITEBYTECODE: '1' };
  for (const key of Object.keys(env)) {
    if (key.startsWith('COVALENT_') || key.startsWith('XDG_') || key.startsWith('DASK_')) delete env[key];
  }
  return env;
}

/** The `covalent` command of that Python: its console script where there is one. */
function covalentCommand(python: string): [string, string[]] {
  const script = path.join(path.dirname(python), 'covalent');
  if (path.isAbsolute(python) && fs.existsSync(script)) return [script, []];
  return [
    python,
    ['-c', 'import sys; from covalent_dispatcher._cli import cli; sys.argv[0] = "covalent"; sys.exit(cli())'],
  ];
}

interface CliRun {
  code: number | null;
  output: string;
  /** The process group it ran in, where the server it started (if any) lives on. */
  group: number;
}

/** Runs `covalent ARGS` in its own process group (the server it starts stays in it), with a deadline. */
function runCovalent(python: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<CliRun> {
  const [cmd, prefix] = covalentCommand(python);
  const child: ChildProcess = spawn(cmd, [...prefix, ...args], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const group = child.pid!;
  liveGroups.add(group);
  let output = '';
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-8000));
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      output += `\n(covalent ${args[0]} did not finish within ${timeoutMs / 1000} s)`;
    }, timeoutMs);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output, group });
    });
  });
}

interface RuntimeKeys {
  pid: number;
  schedulerAddress: string;
  dashboardLink: string;
  adminAddress: string;
  port: number;
}

/** The config as Covalent's own toml reads it. */
function readRuntimeKeys(python: string, configPath: string): RuntimeKeys {
  const script = `
import json, sys, toml
c = toml.load(sys.argv[1]); d = c.get("dask", {})
print(json.dumps({"pid": d.get("pid", 0), "schedulerAddress": d.get("scheduler_address", ""),
  "dashboardLink": d.get("dashboard_link", ""), "adminHost": d.get("admin_host", ""), "adminPort": d.get("admin_port", 0),
  "port": c.get("dispatcher", {}).get("port", 0)}))`;
  const r = spawnSync(python, ['-c', script, configPath], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`reading ${configPath}: ${r.stderr}`);
  const k = JSON.parse(r.stdout) as RuntimeKeys & { adminHost: string; adminPort: number };
  return { ...k, adminAddress: k.adminHost ? `tcp://${k.adminHost}:${k.adminPort}` : '' };
}

function tail(file: string, lines = 30): string {
  try {
    return fs.readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) return false;
    await new Promise((r) => setTimeout(r, 100));
  }
  return true;
}

export async function startCovalentServer(python: DaskPythonFound, given: ClusterOptions): Promise<ClusterFixture> {
  const options = { ...given };
  const home = fs.mkdtempSync(path.join(os.tmpdir(), 'covalent-dask-tray-home-'));
  const env = covalentEnv(home);
  const configDir = path.join(home, '.config', 'covalent');
  const configPath = path.join(configDir, 'covalent.conf');
  const uiPidFile = path.join(home, '.cache', 'covalent', 'ui.pid');
  const uiLog = path.join(home, '.cache', 'covalent', 'covalent_ui.log');
  const workers = options.workers ?? 2;
  let port = await freePort();
  /** Every process of the server, marked when it is up: what stop() makes sure of. */
  let marks: ProcessMark[] = [];

  const serverRoot = () => Number(fs.readFileSync(uiPidFile, 'utf8').trim());

  async function afterStart(what: string, run: CliRun) {
    const fail = (why: string) =>
      new Error(`covalent ${what} (${python.python}) ${why}\n${run.output}\n--- covalent_ui.log:\n${tail(uiLog)}`);
    if (!fs.existsSync(uiPidFile)) throw fail(`exited ${run.code} without starting the server`);
    const root = serverRoot();
    marks = [markOf(root), ...descendantsOf(root).map((p) => markOf(p.pid))];
    const keys = readRuntimeKeys(python.python, configPath);
    port = keys.port || port;
    Object.assign(fixture, {
      pid: options.noCluster ? 0 : keys.pid,
      schedulerAddress: keys.schedulerAddress,
      dashboardLink: keys.dashboardLink,
      adminAddress: keys.adminAddress,
      serverUrl: `http://localhost:${port}/`,
    });
    if (options.noCluster) {
      fixture.parentPid = descendantsOf(root).find((p) => p.ppid === root)?.pid ?? root;
      return;
    }
    // The cluster process and every worker, as /proc shows them (not as the monitor reads them).
    const up = await waitFor(() => isAlive(keys.pid) && workerProcesses(keys.pid).length === workers, 60_000);
    if (!up) throw fail(`left no cluster of ${workers} workers at pid ${keys.pid}`);
    fixture.parentPid = Number(fs.readFileSync(`/proc/${keys.pid}/stat`, 'latin1').split(') ')[1]!.split(' ')[1]);
    marks = [markOf(root), ...descendantsOf(root).map((p) => markOf(p.pid))];
  }

  const startArgs = () =>
    options.noCluster
      ? ['start', '--port', String(port), '--no-cluster']
      : [
          'start',
          '--port',
          String(port),
          '-n',
          String(workers),
          '-m',
          String(options.memoryLimit ?? 'auto'),
          '-t',
          String(options.threads ?? 1),
        ];

  /** The process group the running server was started in. */
  let group: number | null = null;
  const fixture: ClusterFixture = {
    kind: 'covalent',
    configDir,
    configPath,
    env,
    pid: 0,
    parentPid: 0,
    schedulerAddress: '',
    dashboardLink: '',
    adminAddress: '',
    serverUrl: null,
    python,
    async start(again) {
      if (again?.noCluster !== undefined) options.noCluster = again.noCluster;
      const run = await runCovalent(python.python, startArgs(), env, START_TIMEOUT_MS);
      group = run.group;
      await afterStart('start', run);
    },
    async stop() {
      if (group === null) return;
      const stop = await runCovalent(python.python, ['stop'], env, STOP_TIMEOUT_MS);
      liveGroups.delete(stop.group);
      // covalent stop kills the server's children; anything it missed goes now.
      await killMarked(marks);
      liveGroups.delete(group);
      group = null;
    },
    async restart() {
      const before = marks;
      const run = await runCovalent(python.python, ['restart'], env, START_TIMEOUT_MS);
      // The old server's processes (marked with their start times) that the restart's stop missed.
      await killMarked(before);
      if (group !== null) liveGroups.delete(group);
      group = run.group;
      await afterStart('restart', run);
    },
    async dispose() {
      try {
        await fixture.stop();
      } finally {
        fs.rmSync(home, { recursive: true, force: true });
      }
    },
  };
  try {
    await fixture.start();
  } catch (err) {
    await fixture.dispose();
    throw err;
  }
  return fixture;
}
