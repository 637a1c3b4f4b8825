/**
 * Turns successive samples into alerts: a worker high on memory (memory-alerts.ts), a worker
 * restarted by its nanny and why (restart-alerts.ts), the cluster stopping and starting
 * (cluster-alerts.ts). A change of cluster starts the workers' alerts afresh.
 */
import type { Alert, WorkerSample } from '../../shared/snapshot';
import { createClusterAlerts } from './cluster-alerts';
import type { ClusterId } from './cluster-id';
import { createMemoryAlerts } from './memory-alerts';
import { type KillReports, NO_KILL_REPORTS, createRestartAlerts } from './restart-alerts';

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
  /** Dask's own reports of memory kills, where it makes them. */
  kills?: KillReports;
}

export interface AlertUpdate {
  alerts: Alert[];
  /** A worker crossed the alert fraction once: sample again soon to confirm, not a whole interval later. */
  confirmSoon: boolean;
}

export interface AlertTracker {
  update(input: AlertInput): AlertUpdate;
  setAlertFraction(fraction: number): void;
}

export function createAlertTracker(options: { alertFraction: number }): AlertTracker {
  let alertFraction = options.alertFraction;
  const clusters = createClusterAlerts();
  const memory = createMemoryAlerts();
  const restarts = createRestartAlerts();
  return {
    update(input) {
      const alerts: Alert[] = [];
      if (clusters.update(input.now, input.cluster, input.supersededPid, alerts)) {
        memory.reset();
        restarts.reset();
      }
      if (!input.cluster) return { alerts, confirmSoon: false };
      const confirmSoon = memory.update(input.now, input.workers, alertFraction, alerts);
      restarts.update(
        {
          now: input.now,
          workers: input.workers,
          alertFraction,
          isHigh: memory.isHigh,
          kills: input.kills ?? NO_KILL_REPORTS,
        },
        alerts,
      );
      return { alerts, confirmSoon };
    },
    setAlertFraction(fraction) {
      alertFraction = fraction;
    },
  };
}
