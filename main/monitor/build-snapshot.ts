/**
 * What one sample becomes, with no state of its own: the inputs of the status and of the alerts,
 * and the Snapshot the CLI prints, the tray reads and the panel renders.
 */
import { type Alert, type Snapshot, type WorkflowsSample, emptyAdmin, emptyDashboard } from '../../shared/snapshot';
import { daskStaleAfterMs } from '../../shared/worker-summary';
import type { AlertInput } from './alerts';
import type { ClusterSample } from './cluster-sampler';
import { isMonitoredIssue } from './config/config-parse';
import type { ConfigState } from './config/config-source';
import type { StatusInput, StatusResult } from './status';

/** The first config issue that stops the monitor trusting what it needs, if any. */
const blockingIssueOf = (cfg: ConfigState) => cfg.issues.find(isMonitoredIssue) ?? null;

export interface StatusSettings {
  alertFraction: number;
  intervalMs: number;
}

export function statusInputOf(
  cfg: ConfigState,
  cluster: ClusterSample | null,
  settings: StatusSettings,
  now: number,
): StatusInput {
  return {
    configPath: cfg.location.path,
    configKind: cfg.kind,
    configError: cfg.error,
    configFromLastGood: cfg.fromLastGood,
    configRewriting: cfg.rewriting,
    blockingIssue: blockingIssueOf(cfg),
    noCluster: cfg.config?.noCluster ?? null,
    verdict: cluster?.verdict ?? { kind: 'no-pid' },
    suspended: cluster?.scheduler?.suspended ?? false,
    workers: cluster?.workers ?? [],
    expectedWorkers: cfg.config?.numWorkers ?? null,
    dashboardSilent: cluster?.dashboardSilent ?? null,
    alertFraction: settings.alertFraction,
    now,
    staleAfterMs: daskStaleAfterMs(settings.intervalMs),
  };
}

export function alertInputOf(cfg: ConfigState, cluster: ClusterSample | null, now: number): AlertInput {
  // A config the monitor cannot trust says nothing about whether the cluster stopped.
  const knowable = cfg.config !== null && blockingIssueOf(cfg) === null;
  return {
    now,
    cluster: knowable ? (cluster?.cluster ?? null) : undefined,
    supersededPid: cluster?.supersededPid ?? null,
    workers: cluster?.workers ?? [],
    kills: cluster?.kills,
  };
}

export interface SnapshotParts {
  cfg: ConfigState;
  cluster: ClusterSample | null;
  status: StatusResult;
  alerts: readonly Alert[];
  workflows: WorkflowsSample;
  at: number;
}

export function buildSnapshot({ cfg, cluster, status, alerts, workflows, at }: SnapshotParts): Snapshot {
  const c = cfg.config;
  const hasRuntimeKeys =
    !!c &&
    [c.pid, c.schedulerAddress, c.dashboardLink, c.processInfo, c.adminHost, c.adminPort].some((v) => v !== null);
  return {
    status: status.status,
    reason: status.reason,
    configPath: cfg.location.path,
    config: cfg.config,
    configIssues: cfg.issues,
    configError: cfg.error,
    configFromLastGood: cfg.fromLastGood,
    runtimeKeysStale: hasRuntimeKeys && cluster?.verdict.kind !== 'cluster',
    scheduler: cluster?.scheduler ?? null,
    workers: cluster?.workers ?? [],
    workerMatching: cluster?.workerMatching ?? null,
    dashboard: cluster?.dashboard ?? emptyDashboard(),
    admin: cluster?.admin ?? emptyAdmin(),
    workflows,
    system: { memoryBytes: cluster?.machine?.totalBytes ?? null, cpuCount: cluster?.machine?.cpuCount ?? null },
    alerts: [...alerts],
    sampledAt: new Date(at).toISOString(),
  };
}
