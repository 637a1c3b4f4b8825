/**
 * Turns successive samples into alerts: a worker high on memory (confirmed by a second sample,
 * once per episode), a worker restarted by its nanny, the cluster stopping and starting.
 */
import { REARM_FRACTION, RESTART_TEXT, pauseAndRestartText } from '../../shared/dask-thresholds';
import { formatBytes, formatFraction } from '../../shared/format';
import type { Alert, WorkerSample } from '../../shared/snapshot';
import { type ClusterId, sameCluster } from './cluster-id';
import { workerLabel } from '../../shared/worker-summary';

/** How long a vanished worker waits for its replacement before it is taken as lost, not restarted. */
const RESTART_WINDOW_MS = 30_000;
/** How long an unnamed new worker process waits for Dask to name it, when several were restarted at once. */
const NAMING_WAIT_MS = 5_000;

export interface AlertInput {
  now: number;
  /**
   * The running cluster (pid and start time), null when no cluster runs, undefined when the
   * monitor cannot tell (no config): then nothing about the cluster changes.
   */
  cluster: ClusterId | null | undefined;
  /** The previous cluster's pid when the config moved away from it while it still runs (not stopped). */
  supersededPid?: number | null;
  workers: readonly WorkerSample[];
}

export interface AlertUpdate {
  alerts: Alert[];
  /** A worker crossed the alert fraction once: sample again soon to confirm, not a whole interval later. */
  confirmSoon: boolean;
}

interface Seen {
  pid: number;
  name: string | null;
  fraction: number | null;
  limit: number | null;
  high: boolean;
}

interface Vanished extends Seen {
  at: number;
}

interface Newcomer {
  pid: number;
  at: number;
}

export interface AlertTracker {
  update(input: AlertInput): AlertUpdate;
  setAlertFraction(fraction: number): void;
}

function workerKey(w: WorkerSample): string {
  return w.pid !== null ? `pid:${w.pid}` : `name:${w.name ?? w.address}`;
}

export function createAlertTracker(options: { alertFraction: number }): AlertTracker {
  let alertFraction = options.alertFraction;
  let cluster: ClusterId | null | undefined;
  const episodes = new Map<string, 'pending' | 'fired'>();
  let seen = new Map<number, Seen>();
  let vanished: Vanished[] = [];
  let newcomers: Newcomer[] = [];
  let haveBaseline = false;

  function alert(kind: Alert['kind'], worker: string | null, message: string, now: number): Alert {
    return { kind, worker, message, at: new Date(now).toISOString() };
  }

  function resetWorkers() {
    episodes.clear();
    seen = new Map();
    vanished = [];
    newcomers = [];
    haveBaseline = false;
  }

  function clusterAlerts(input: AlertInput, out: Alert[]) {
    if (input.cluster === undefined || sameCluster(input.cluster, cluster)) return;
    const first = cluster === undefined;
    const previous = cluster;
    cluster = input.cluster;
    resetWorkers();
    if (first) return;
    if (previous) {
      const { pid } = previous;
      const left = input.supersededPid === pid;
      if (left && input.cluster) {
        // Not stopped: the config names another cluster now. One alert for the switch.
        out.push(
          alert(
            'cluster-started',
            null,
            `Covalent's config now names another Dask cluster (process ${input.cluster.pid}); process ${pid} still runs but is no longer watched`,
            input.now,
          ),
        );
        return;
      }
      const message = left
        ? `Covalent's config no longer names the Dask cluster of process ${pid}, which still runs`
        : `The Dask cluster (process ${pid}) stopped`;
      out.push(alert('cluster-stopped', null, message, input.now));
    }
    if (input.cluster) {
      out.push(alert('cluster-started', null, `The Dask cluster started (process ${input.cluster.pid})`, input.now));
    }
  }

  function memoryAlerts(input: AlertInput, out: Alert[]): boolean {
    let confirmSoon = false;
    const present = new Set<string>();
    for (const w of input.workers) {
      const key = workerKey(w);
      present.add(key);
      const f = w.memoryFraction;
      if (f === null) continue;
      const state = episodes.get(key);
      if (state === undefined && f >= alertFraction) {
        episodes.set(key, 'pending');
        confirmSoon = true;
      } else if (state === 'pending') {
        if (f >= alertFraction) {
          episodes.set(key, 'fired');
          out.push(
            alert(
              'worker-memory-high',
              workerLabel(w),
              `Dask worker ${workerLabel(w)} is at ${formatFraction(f)} of its ${formatBytes(w.memoryLimitBytes)} limit — ${pauseAndRestartText()}`,
              input.now,
            ),
          );
        } else {
          episodes.delete(key);
        }
      } else if (state === 'fired' && f < REARM_FRACTION) {
        episodes.delete(key);
      }
    }
    for (const key of episodes.keys()) if (!present.has(key)) episodes.delete(key);
    return confirmSoon;
  }

  function restartAlerts(input: AlertInput, out: Alert[]) {
    const now = input.now;
    const current = new Map<number, WorkerSample>();
    for (const w of input.workers) if (w.pid !== null) current.set(w.pid, w);
    for (const [pid, s] of seen) if (!current.has(pid)) vanished.push({ ...s, at: now });
    // Workers present at the first look at a cluster are where it started, not replacements.
    if (haveBaseline) for (const pid of current.keys()) if (!seen.has(pid)) newcomers.push({ pid, at: now });

    vanished = vanished.filter((v) => now - v.at <= RESTART_WINDOW_MS);
    newcomers = newcomers.filter((n) => current.has(n.pid));
    const paired: Newcomer[] = [];
    for (const n of newcomers) {
      const name = current.get(n.pid)!.name;
      let i = name !== null ? vanished.findIndex((v) => v.name === name) : -1;
      if (i < 0 && vanished.length > 0) {
        const alone = vanished.length === 1 && newcomers.length - paired.length === 1;
        if (alone || now - n.at >= NAMING_WAIT_MS) i = 0;
        else if (name !== null) {
          paired.push(n); // Dask named it after no vanished worker: a new worker, not a restart
          continue;
        }
      }
      if (i < 0) continue;
      const [v] = vanished.splice(i, 1);
      paired.push(n);
      const label = v!.name ?? `pid ${v!.pid}`;
      const before = v!.high
        ? `; it was at ${formatFraction(v!.fraction)} of its ${formatBytes(v!.limit)} limit just before, and ${RESTART_TEXT}`
        : '';
      out.push(
        alert('worker-restarted', label, `Dask worker ${label} was restarted (pid ${v!.pid} → ${n.pid})${before}`, now),
      );
    }
    newcomers = newcomers.filter((n) => !paired.includes(n) && now - n.at < RESTART_WINDOW_MS);

    haveBaseline = true;
    seen = new Map();
    for (const [pid, w] of current) {
      const state = episodes.get(workerKey(w));
      seen.set(pid, {
        pid,
        name: w.name,
        fraction: w.memoryFraction,
        limit: w.memoryLimitBytes,
        high: state !== undefined || (w.memoryFraction !== null && w.memoryFraction >= alertFraction),
      });
    }
  }

  return {
    update(input) {
      const alerts: Alert[] = [];
      clusterAlerts(input, alerts);
      if (!input.cluster) return { alerts, confirmSoon: false };
      const confirmSoon = memoryAlerts(input, alerts);
      restartAlerts(input, alerts);
      return { alerts, confirmSoon };
    },
    setAlertFraction(fraction) {
      alertFraction = fraction;
    },
  };
}
