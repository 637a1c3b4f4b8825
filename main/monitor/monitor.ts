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
import { dispatchesOf, namesMissing, withWorkflows } from './covalent/workflow-refs';
import { type WorkflowsWatch, WORKFLOW_TIMEOUT_MS, createWorkflowsWatch } from './covalent/workflows-watch';
import { covalentUiUrl } from '../../shared/config-urls';
import { createSchedulerComm } from './dask/comm/scheduler-comm';
import { type DaskPoller, createDaskPoller } from './dask/dask-poller';
import type { ProcessSource } from './proc/process-source';
import { defaultProcessSource } from './proc/default-source';
import type { Alert, Snapshot } from '../../shared/snapshot';
import { deriveStatus, withServerSentence } from './status';
import { waitAtMost } from './wait-at-most';

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
/** The longest a worker's alert waits for Covalent's server to name the workflow its task belongs to. */
const NAME_WAIT_MS = 1000;
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
  // Covalent's server on its own schedule; a workflow's end is an alert the moment it is seen.
  const workflows: WorkflowsWatch = createWorkflowsWatch({ now, onEnded: (alerts) => record(alerts) });
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
    for (const raw of alerts) {
      const a = withWorkflows(raw, workflows.nameOf);
      history.push(a);
      for (const l of alertListeners) l(a);
    }
    if (history.length > ALERT_HISTORY) history = history.slice(-ALERT_HISTORY);
  }

  async function take(dask: SampleOptions['dask']): Promise<{ snapshot: Snapshot; confirmSoon: boolean }> {
    const cfg: ConfigState = config.refresh();
    workflows.follow(covalentUiUrl(cfg.config));
    // A one-off sample asks Covalent's server too (the loop's watch polls on its own).
    const askServer = dask === 'now' ? workflows.poll() : null;
    const cluster: ClusterSample | null = cfg.config
      ? await sampler.sample(cfg.config, cfg.pidWrittenAtMs, {
          dask,
          // A one-off sample waits for Dask's whole answer (identity.json, then counts.json).
          daskWaitMs: dask === 'now' ? 2 * MAX_HTTP_TIMEOUT_MS : undefined,
        })
      : null;
    if (askServer) await waitAtMost(askServer, 3 * WORKFLOW_TIMEOUT_MS);
    workflows.hint(dispatchesOf(cluster?.workers ?? []));
    const at = now();
    const clusterStatus = deriveStatus(statusInputOf(cfg, cluster, settings, at));
    // The cluster stopping or starting is often Covalent's server doing the same (covalent stop): ask it now.
    if (last && last.status !== clusterStatus.status) void workflows.poll();
    const status = withServerSentence(clusterStatus, workflows.sample());
    const update = tracker.update(alertInputOf(cfg, cluster, at));
    // An alert about a workflow's task waits (a little) for the server to name the workflow.
    if (update.alerts.some((a) => namesMissing(a, workflows.nameOf))) await waitAtMost(workflows.poll(), NAME_WAIT_MS);
    record(update.alerts);
    const snapshot = buildSnapshot({ cfg, cluster, status, alerts: history, workflows: workflows.sample(), at });
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
      workflows.start();
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
      workflows.stop();
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
