/**
 * A real cluster for the tests, the benchmark and the demo: the real `covalent start` in a
 * temporary HOME where the test Python has Covalent (testing/covalent-server.ts), else our
 * imitation of it on plain Dask (testing/imitation-cluster.ts). Either way the cluster is stopped,
 * and every process it left is ended, afterwards.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { startCovalentServer } from './covalent-server';
import { type DaskPythonFound, REPO_ROOT, findDaskPython } from './dask-python';
import { startImitationCluster } from './imitation-cluster';

export { daskPythonOrSkip, describeDaskPython, findDaskPython } from './dask-python';

export interface ClusterOptions {
  workers?: number;
  threads?: number;
  /** Covalent's mem_per_worker: "auto", "400MB", a number. */
  memoryLimit?: string | number;
  noCluster?: boolean;
  /** Use our imitation even where Covalent is installed (the demo's fallback, a plain-Dask check). */
  imitation?: boolean;
}

export interface ClusterFixture {
  /** Which kind of start this is: the real `covalent start`, or our imitation. */
  kind: 'covalent' | 'imitation';
  /** The folder the config lives in. */
  configDir: string;
  configPath: string;
  /** Environment in which Covalent (and the monitor) finds this config. */
  env: NodeJS.ProcessEnv;
  /** The DaskCluster process: the config's pid, parent of the workers (0 under No Cluster). */
  pid: number;
  /** The process that started it: Covalent's server (or the imitation's stand-in for it). */
  parentPid: number;
  schedulerAddress: string;
  dashboardLink: string;
  /** Covalent's admin server, tcp://host:port. */
  adminAddress: string;
  /** Covalent's server (its UI and API), e.g. http://localhost:48123/; null for the imitation. */
  serverUrl: string | null;
  python: DaskPythonFound;
  /** Like `covalent stop`: the cluster ends, the runtime keys stay in the file. */
  stop(): Promise<void>;
  /**
   * Like `covalent start` again in the same place, after stop() (with `--no-cluster` when asked);
   * the fields then describe the new cluster.
   */
  start(again?: { noCluster?: boolean }): Promise<void>;
  /** `covalent restart`: stop, then start with the same settings; the fields then describe the new cluster. */
  restart(): Promise<void>;
  /** Stops the cluster if it runs and removes the temporary folders. */
  dispose(): Promise<void>;
}

const live = new Set<ClusterFixture>();

export async function startCluster(options: ClusterOptions = {}): Promise<ClusterFixture> {
  const p = findDaskPython();
  if (!('python' in p)) throw new Error(p.missing);
  const fixture =
    p.covalent && !options.imitation ? await startCovalentServer(p, options) : await startImitationCluster(p, options);
  live.add(fixture);
  const dispose = fixture.dispose;
  fixture.dispose = async () => {
    await dispose();
    live.delete(fixture);
  };
  return fixture;
}

/** Stops every cluster still running: for test teardown and process exit. */
export async function disposeAll(): Promise<void> {
  await Promise.all([...live].map((f) => f.dispose()));
}

export interface Pressure {
  /** Resolves with the script's last JSON line once it ends. */
  done: Promise<Record<string, unknown>>;
  stop(): void;
}

/**
 * Makes worker `name` allocate until its RSS reaches `fraction` of its limit, and hold for
 * `holdSeconds`, through a Dask client pinned to that worker (testing/python/dask_pressure.py).
 */
export function pressWorker(
  fixture: ClusterFixture,
  name: string,
  fraction: number,
  holdSeconds: number,
  stampAt?: number,
): Pressure {
  const args = [
    path.join(REPO_ROOT, 'testing', 'python', 'dask_pressure.py'),
    fixture.schedulerAddress,
    name,
    String(fraction),
    String(holdSeconds),
  ];
  if (stampAt !== undefined) args.push('--stamp-at', String(stampAt));
  return runPressure(fixture, args);
}

export function runPressure(
  fixture: ClusterFixture,
  args: string[],
  onLine?: (msg: Record<string, unknown>) => void,
): Pressure {
  const child = spawn(fixture.python.python, args, { env: fixture.env, stdio: ['ignore', 'pipe', 'pipe'] });
  let last = '';
  let err = '';
  let buffered = '';
  child.stdout.on('data', (d: Buffer) => {
    buffered += d.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop()!;
    for (const line of lines.filter(Boolean)) {
      last = line;
      try {
        onLine?.(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a JSON line: kept as the last line for the error
      }
    }
  });
  child.stderr.on('data', (d: Buffer) => (err = (err + d.toString()).slice(-4000)));
  const done = new Promise<Record<string, unknown>>((resolve) => {
    child.once('exit', (code) => {
      try {
        resolve(JSON.parse(buffered.trim() || last) as Record<string, unknown>);
      } catch {
        resolve({ done: false, error: `exit ${code}`, stderr: err });
      }
    });
  });
  return { done, stop: () => child.kill('SIGKILL') };
}

export interface WorkflowRun extends Pressure {
  /** What the workflow's electron noted so far: {crossed, pid, worker, limit, rss, at}, one per attempt. */
  notes: Record<string, unknown>[];
  /** Covalent's id for the dispatch, once ct.dispatch has returned it. */
  dispatchId(): string | null;
  /** The first note from now on (or already there) that passes `test`. */
  waitForNote(test: (note: Record<string, unknown>) => boolean, ms: number): Promise<Record<string, unknown>>;
}

/**
 * Dispatches a real Covalent workflow to the fixture's Covalent (testing/python/covalent_workflows.py):
 * its one electron grows the memory of the Dask worker that runs it to `fraction` of its limit
 * and holds it `holdSeconds`. `done` resolves with {status, error} as Covalent reports them.
 */
export function growInWorkflow(
  fixture: ClusterFixture,
  fraction: number,
  holdSeconds: number,
  stampAt?: number,
  /** Seconds between steps of growth up to `stampAt` (each about limit / 200): slow enough for samples to see it climb. */
  pace?: number,
): WorkflowRun {
  if (fixture.kind !== 'covalent') throw new Error('a Covalent workflow needs the real covalent start');
  const notes: Record<string, unknown>[] = [];
  const waiters = new Set<() => void>();
  const args = [
    path.join(REPO_ROOT, 'testing', 'python', 'covalent_workflows.py'),
    'grow',
    String(fraction),
    String(holdSeconds),
  ];
  if (stampAt !== undefined) args.push('--stamp-at', String(stampAt));
  if (pace !== undefined) args.push('--pace', String(pace));
  let dispatchId: string | null = null;
  const run = runPressure(fixture, args, (msg) => {
    if (typeof msg.dispatched === 'string') dispatchId = msg.dispatched;
    if ('pid' in msg) notes.push(msg);
    for (const w of waiters) w();
  });
  return {
    ...run,
    notes,
    dispatchId: () => dispatchId,
    waitForNote(test, ms) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = notes.find(test);
          if (!found) return;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(
            new Error(`the workflow noted nothing that matches within ${ms} ms (notes: ${JSON.stringify(notes)})`),
          );
        }, ms);
        waiters.add(check);
        check();
      });
    },
  };
}

export interface DaskTruthLine {
  /** Unix time, ms. */
  at: number;
  workers: Record<string, { name: string; status: string; pid: number | null }>;
  processing: number;
}

export interface DaskTruthStream {
  lines: DaskTruthLine[];
  /** Dask's answer nearest to `at` (ms), within `withinMs`. */
  near(at: number, withinMs?: number): DaskTruthLine | null;
  stop(): void;
}

/** Dask's own view, read every 200 ms by a Dask client (testing/python/dask_status_stream.py): ground truth for the tests. */
export function streamDaskTruth(fixture: ClusterFixture): DaskTruthStream {
  const lines: DaskTruthLine[] = [];
  const run = runPressure(
    fixture,
    [path.join(REPO_ROOT, 'testing', 'python', 'dask_status_stream.py'), fixture.schedulerAddress],
    (msg) => {
      lines.push({ ...(msg as unknown as DaskTruthLine), at: Number(msg.at) * 1000 });
    },
  );
  return {
    lines,
    near(at, withinMs = 500) {
      let best: DaskTruthLine | null = null;
      for (const l of lines)
        if (Math.abs(l.at - at) <= withinMs && (!best || Math.abs(l.at - at) < Math.abs(best.at - at))) best = l;
      return best;
    },
    stop: run.stop,
  };
}

/** Dispatches a Covalent workflow of `count` electrons that each sleep `seconds`: tasks finishing all the time. */
export function streamTasks(fixture: ClusterFixture, count: number, seconds: number): Pressure {
  if (fixture.kind !== 'covalent') throw new Error('a Covalent workflow needs the real covalent start');
  return runPressure(fixture, [
    path.join(REPO_ROOT, 'testing', 'python', 'covalent_workflows.py'),
    'stream',
    String(count),
    String(seconds),
  ]);
}

/**
 * Dispatches a Covalent workflow that ends as asked (covalent_workflows.py end): `done` resolves
 * with Covalent's own account of it from its Python API (name, status, start and end, failed
 * electrons), the ground truth for what the monitor reads from the server.
 */
export function endWorkflow(
  fixture: ClusterFixture,
  ending: 'completed' | 'failed' | 'cancelled',
  seconds: number,
): Pressure & { dispatchId(): string | null } {
  if (fixture.kind !== 'covalent') throw new Error('a Covalent workflow needs the real covalent start');
  let dispatchId: string | null = null;
  const run = runPressure(
    fixture,
    [path.join(REPO_ROOT, 'testing', 'python', 'covalent_workflows.py'), 'end', ending, String(seconds)],
    (msg) => {
      if (typeof msg.dispatched === 'string') dispatchId = msg.dispatched;
    },
  );
  return { ...run, dispatchId: () => dispatchId };
}

/**
 * What the status sentence adds while the cluster is stopped and its Covalent server still answers
 * (main/monitor/status.ts withServerSentence): the fixture's own server address, or nothing for the
 * imitation, which runs none.
 */
export function serverUpSentence(fixture: Pick<ClusterFixture, 'serverUrl'>): string {
  return fixture.serverUrl ? `; Covalent's server is up at ${new URL(fixture.serverUrl).host}` : '';
}
