/** Runs the built CLI (dist/cli.js) the way a user would, for the tests. */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import path from 'node:path';
import readline from 'node:readline';
import type { Alert, Snapshot } from '../shared/snapshot';
import { REPO_ROOT } from './dask-python';

export const CLI = path.join(REPO_ROOT, 'dist', 'cli.js');

/** `status --json`, as the current user or, given `user`, as another (root only). */
export function runStatus(
  args: string[],
  env: NodeJS.ProcessEnv,
  user?: { uid: number; gid: number },
): { code: number | null; snapshot: Snapshot; stderr: string } {
  const r = spawnSync(process.execPath, [CLI, 'status', '--json', ...args], {
    env,
    encoding: 'utf8',
    timeout: 30_000,
    ...user,
  });
  if (r.error) throw r.error;
  let snapshot: Snapshot;
  try {
    snapshot = JSON.parse(r.stdout) as Snapshot;
  } catch {
    throw new Error(`status --json printed no JSON (exit ${r.status}):\n${r.stdout}\n${r.stderr}`);
  }
  return { code: r.status, snapshot, stderr: r.stderr };
}

export interface Watch {
  snapshots: Snapshot[];
  alerts: Alert[];
  /** The first alert (or snapshot) from now on that passes `test`; rejects after `ms`. */
  waitForAlert(test: (a: Alert) => boolean, ms: number): Promise<Alert>;
  waitForSnapshot(test: (s: Snapshot) => boolean, ms: number): Promise<Snapshot>;
  stop(): Promise<number | null>;
  child: ChildProcess;
}

export function startWatch(args: string[], env: NodeJS.ProcessEnv): Watch {
  const child = spawn(process.execPath, [CLI, 'watch', '--json', ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const snapshots: Snapshot[] = [];
  const alerts: Alert[] = [];
  const waiters = new Set<() => void>();
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  readline.createInterface({ input: child.stdout! }).on('line', (line) => {
    const msg = JSON.parse(line) as { type: string };
    if (msg.type === 'alert') alerts.push(msg as unknown as Alert);
    else snapshots.push(msg as unknown as Snapshot);
    for (const w of waiters) w();
  });
  function waitFor<T>(pick: () => T | undefined, ms: number, what: string): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        const found = pick();
        if (found !== undefined) {
          waiters.delete(check);
          clearTimeout(timer);
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        waiters.delete(check);
        const last = snapshots.at(-1);
        reject(
          new Error(
            `no ${what} within ${ms} ms; ${snapshots.length} snapshots, the last at ${last?.sampledAt} (now ${new Date().toISOString()}): ` +
              `${last?.status}: ${last?.reason}; config pid ${last?.config?.pid}; alerts ${JSON.stringify(alerts)}\n${stderr}`,
          ),
        );
      }, ms);
      waiters.add(check);
      check();
    });
  }
  return {
    snapshots,
    alerts,
    child,
    waitForAlert(test, ms) {
      const from = alerts.length;
      return waitFor(() => alerts.slice(from).find(test), ms, 'matching alert');
    },
    waitForSnapshot(test, ms) {
      const from = snapshots.length;
      return waitFor(() => snapshots.slice(from).find(test), ms, 'matching snapshot');
    },
    stop() {
      return new Promise((resolve) => {
        if (child.exitCode !== null) return resolve(child.exitCode);
        child.once('exit', (code) => resolve(code));
        child.kill('SIGINT');
      });
    },
  };
}
