/**
 * The monitor: reads the config, samples the cluster each interval (sooner to confirm a memory
 * alert, at once when the config changes) and hands out snapshots and alerts. The CLI, the tray
 * and the tests all run this same loop.
 */
import { DEFAULT_ALERT_FRACTION } from '../../shared/dask-thresholds';
import { type AlertTracker, createAlertTracker } from './alerts';
import { alertInputOf, buildSnapshot, statusInputOf } from './build-snapshot';
import { type ClusterSample, type ClusterSampler, type SampleOptions, createClusterSampler } from './cluster-sampler';
import type { ConfigLocation } from './config/config-path';
import { type ConfigSource, type ConfigState, createConfigSource } from './config/config-source';
import { type ClusterActions, createClusterActions } from './cluster-actions';
import { createAdminComm } from './covalent/admin-comm';
import { createSchedulerComm } from './dask/comm/scheduler-comm';
import { type DaskPoller, createDaskPoller } from './dask/dask-poller';
import type { ProcessSource } from './proc/process-source';
import { defaultProcessSource } from './proc/default-source';
import type { Alert, Snapshot } from '../../shared/snapshot';
import { deriveStatus } from './status';

export interface MonitorSettings {
  /** Time between samples. */
  intervalMs: number;
  /** Fraction of a worker's memory limit that raises worker-memory-high (by default Dask's pause). */
  alertFraction: number;
}

export interface MonitorOptions extends Partial<MonitorSettings> {
  location: ConfigLocation;
  source?: ProcessSource;
  now?: () => number;
}

export interface Monitor {
  /** One snapshot now, outside the loop, with Dask asked and waited for (what `status` prints). */
  sampleOnce(): Promise<Snapshot>;
  start(): void;
  stop(): void;
  latest(): Snapshot | null;
  onSnapshot(listener: (snapshot: Snapshot) => void): () => void;
  onAlert(listener: (alert: Alert) => void): () => void;
  configure(settings: Partial<MonitorSettings>): void;
  settings(): MonitorSettings;
  /** Logs, and the user's actions on the cluster (cluster-actions.ts). */
  actions: ClusterActions;
}

export const DEFAULT_SETTINGS: MonitorSettings = { intervalMs: 1000, alertFraction: DEFAULT_ALERT_FRACTION };
/**
 * Delay of the sample that confirms a worker over the alert fraction: soon, since memory can go
 * from Dask's pause to its kill in about a second, yet far enough apart to be a
 * second look rather than the same moment twice.
 */
export const CONFIRM_DELAY_MS = 200;
/** Alerts kept in each snapshot for the panel's list. */
const ALERT_HISTORY = 50;
/** Dask HTTP requests never take longer than this (nor longer than one interval). */
export const MAX_HTTP_TIMEOUT_MS = 1000;
/** How long a tick waits for Dask's HTTP answer before going on with the last one (the answer still lands for the next). */
export const DASK_WAIT_MS = 200;

function httpTimeout(intervalMs: number): number {
  return Math.min(MAX_HTTP_TIMEOUT_MS, intervalMs);
}

export function createMonitor(options: MonitorOptions): Monitor {
  const now = options.now ?? Date.now;
  let settings: MonitorSettings = {
    intervalMs: options.intervalMs ?? DEFAULT_SETTINGS.intervalMs,
    alertFraction: options.alertFraction ?? DEFAULT_SETTINGS.alertFraction,
  };
  const config: ConfigSource = createConfigSource(options.location, now);
  const source = options.source ?? defaultProcessSource();
  const poller: DaskPoller = createDaskPoller({ timeoutMs: httpTimeout(settings.intervalMs) });
  const sampler: ClusterSampler = createClusterSampler({
    source,
    poller,
    comm: (endpoint) =>
      createSchedulerComm(endpoint, { connectMs: MAX_HTTP_TIMEOUT_MS, requestMs: MAX_HTTP_TIMEOUT_MS }),
    admin: (endpoint) => createAdminComm(endpoint, { connectMs: MAX_HTTP_TIMEOUT_MS, requestMs: MAX_HTTP_TIMEOUT_MS }),
    daskWaitMs: DASK_WAIT_MS,
    now,
  });
  const tracker: AlertTracker = createAlertTracker({ alertFraction: settings.alertFraction });
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  const alertListeners = new Set<(a: Alert) => void>();
  let history: Alert[] = [];
  let last: Snapshot | null = null;

  let running = false;
  let timer: NodeJS.Timeout | null = null;
  let busy: Promise<void> | null = null;
  let again = false;
  let stopWatch: (() => void) | null = null;

  function record(alerts: readonly Alert[]) {
    for (const a of alerts) {
      history.push(a);
      for (const l of alertListeners) l(a);
    }
    if (history.length > ALERT_HISTORY) history = history.slice(-ALERT_HISTORY);
  }

  async function take(dask: SampleOptions['dask']): Promise<{ snapshot: Snapshot; confirmSoon: boolean }> {
    const cfg: ConfigState = config.refresh();
    const cluster: ClusterSample | null = cfg.config
      ? await sampler.sample(cfg.config, cfg.pidWrittenAtMs, {
          dask,
          // A one-off sample waits for Dask's whole answer (identity.json, then counts.json).
          daskWaitMs: dask === 'now' ? 2 * MAX_HTTP_TIMEOUT_MS : undefined,
        })
      : null;
    const at = now();
    const status = deriveStatus(statusInputOf(cfg, cluster, settings, at));
    const update = tracker.update(alertInputOf(cfg, cluster, at));
    record(update.alerts);
    const snapshot = buildSnapshot({ cfg, cluster, status, alerts: history, at });
    last = snapshot;
    for (const l of snapshotListeners) l(snapshot);
    return { snapshot, confirmSoon: update.confirmSoon };
  }

  function schedule(delayMs: number) {
    if (!running) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(tick, Math.max(0, delayMs));
  }

  function tick(dask: SampleOptions['dask'] = 'scheduled') {
    timer = null;
    if (busy) {
      again = true;
      return;
    }
    const started = now();
    busy = take(dask)
      .then(({ confirmSoon }) => {
        if (again) {
          again = false;
          schedule(0);
        } else if (confirmSoon) {
          timer = setTimeout(() => tick('skip'), CONFIRM_DELAY_MS);
        } else {
          schedule(settings.intervalMs - (now() - started));
        }
      })
      .catch((err: unknown) => {
        // The loop must outlive any one bad sample; say so and carry on.
        console.error(`covalent-dask-tray: sample failed: ${(err as Error).stack ?? String(err)}`);
        schedule(settings.intervalMs);
      })
      .finally(() => {
        busy = null;
      });
  }

  return {
    async sampleOnce() {
      return (await take('now')).snapshot;
    },
    start() {
      if (running) return;
      running = true;
      stopWatch = config.watch(() => {
        if (running) schedule(0);
      });
      tick();
    },
    stop() {
      running = false;
      if (timer) clearTimeout(timer);
      timer = null;
      stopWatch?.();
      stopWatch = null;
      poller.close();
      sampler.close();
    },
    latest: () => last,
    onSnapshot(listener) {
      snapshotListeners.add(listener);
      return () => snapshotListeners.delete(listener);
    },
    onAlert(listener) {
      alertListeners.add(listener);
      return () => alertListeners.delete(listener);
    },
    configure(next) {
      settings = { ...settings, ...next };
      tracker.setAlertFraction(settings.alertFraction);
      poller.setTimeoutMs(httpTimeout(settings.intervalMs));
      if (running) schedule(0);
    },
    settings: () => settings,
    actions: createClusterActions({
      scheduler: () => sampler.schedulerComm(),
      admin: () => sampler.adminComm(),
      latest: () => last,
      changed: () => {
        if (running) schedule(0);
      },
    }),
  };
}
