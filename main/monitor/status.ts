/** The cluster's status and the one sentence that explains it. */
import { pauseAndRestartText } from '../../shared/dask-thresholds';
import { formatAge, formatBytes, formatFraction } from '../../shared/format';
import type { SchedulerVerdict } from './scheduler-verdict';
import type { ClusterStatus, ConfigError, ConfigIssue, WorkerSample, WorkflowsSample } from '../../shared/snapshot';
import { workerLabel } from '../../shared/worker-summary';

export interface StatusInput {
  configPath: string;
  configKind: 'missing' | 'ok' | 'error';
  configError: ConfigError | null;
  configFromLastGood: boolean;
  /** The file is caught empty mid-rewrite: the last good values stand (config-source.ts). */
  configRewriting: boolean;
  /** The first config issue that stops the monitor trusting what it needs, if any. */
  blockingIssue: ConfigIssue | null;
  noCluster: boolean | null;
  verdict: SchedulerVerdict;
  /** The scheduler process is stopped by a signal (SIGSTOP). */
  suspended: boolean;
  workers: readonly WorkerSample[];
  expectedWorkers: number | null;
  /** The dashboard has not answered for more than one poll while the scheduler lives. */
  dashboardSilent: string | null;
  alertFraction: number;
  /** The sample's time, ms since the epoch: how old Dask's word on a worker is. */
  now: number;
  /** Dask's word on a worker is out of date past this age (its worker list has failed since). */
  staleAfterMs: number;
}

export interface StatusResult {
  status: ClusterStatus;
  reason: string;
}

export function deriveStatus(input: StatusInput): StatusResult {
  if (input.configKind === 'missing') {
    return {
      status: 'not-configured',
      reason: `No Covalent config at ${input.configPath}; Covalent writes it on first use (covalent start)`,
    };
  }
  if (input.configKind === 'error' && input.configError && !input.configRewriting) {
    const where = input.configError.line !== null ? ` (line ${input.configError.line})` : '';
    const kept = input.configFromLastGood ? '; showing the last values read' : '';
    return { status: 'config-error', reason: `The config cannot be read: ${input.configError.message}${where}${kept}` };
  }
  if (input.blockingIssue) {
    return {
      status: 'config-error',
      reason: `The config has a bad value: ${input.blockingIssue.message} (${input.blockingIssue.value})`,
    };
  }
  if (input.noCluster) {
    return {
      status: 'no-cluster',
      reason: 'No Cluster is set: Covalent runs tasks with its local executor and starts no Dask cluster',
    };
  }
  switch (input.verdict.kind) {
    case 'no-pid':
      return {
        status: 'stopped',
        reason: 'Covalent has not started a Dask cluster: the config has no pid (covalent start starts one)',
      };
    case 'gone':
      return { status: 'stopped', reason: `The Dask cluster is not running: process ${input.verdict.pid} has exited` };
    case 'impostor':
      return { status: 'stopped', reason: `The Dask cluster is not running: ${input.verdict.why}` };
    case 'cluster':
      break;
  }
  const pid = input.verdict.pid;
  if (input.suspended) {
    return {
      status: 'degraded',
      reason: `The scheduler process ${pid} is suspended (stopped by a signal), so Dask cannot answer`,
    };
  }
  const ranked = input.workers
    .filter((w) => w.memoryFraction !== null && w.memoryFraction >= input.alertFraction)
    .sort((a, b) => b.memoryFraction! - a.memoryFraction!);
  const worst = ranked[0];
  if (worst) {
    const more = ranked.length > 1 ? ` (and ${ranked.length - 1} more)` : '';
    return {
      status: 'degraded',
      reason: `Worker ${workerLabel(worst)} is at ${formatFraction(worst.memoryFraction)} of its ${formatBytes(worst.memoryLimitBytes)} memory limit${more}; ${pauseAndRestartText('a worker')}`,
    };
  }
  const paused = input.workers.filter((w) => w.status === 'paused');
  if (paused[0]) {
    const more = paused.length > 1 ? ` (and ${paused.length - 1} more)` : '';
    const age = paused[0].daskSeenAt ? input.now - Date.parse(paused[0].daskSeenAt) : 0;
    if (age > input.staleAfterMs) {
      return {
        status: 'degraded',
        reason: `Worker ${workerLabel(paused[0])} was paused by Dask at its last answer, ${formatAge(age)}${more}; Dask has not described its workers since`,
      };
    }
    return {
      status: 'degraded',
      reason: `Worker ${workerLabel(paused[0])} is paused by Dask: it is short of memory${more}`,
    };
  }
  const live = input.workers.length;
  if (input.expectedWorkers !== null && live < input.expectedWorkers) {
    return { status: 'degraded', reason: `${live} of ${input.expectedWorkers} workers are running` };
  }
  if (input.dashboardSilent) {
    return { status: 'degraded', reason: `The scheduler (process ${pid}) is alive but ${input.dashboardSilent}` };
  }
  // Steady wording: the panel announces the reason to screen readers, so it should change when
  // the state does, not with every sample's memory figure (the tooltip and panel show those).
  const plural = live === 1 ? 'worker' : 'workers';
  const limits = new Set(input.workers.map((w) => w.memoryLimitBytes));
  const each =
    limits.size === 1 && input.workers[0]?.memoryLimitBytes
      ? `, ${formatBytes(input.workers[0].memoryLimitBytes)} each`
      : '';
  return { status: 'running', reason: `${live} ${plural} running${each}` };
}

/**
 * The status sentence with Covalent's server beside the cluster, where the two differ: the server
 * silent while the cluster runs (workflows cannot be dispatched), or up while the cluster is not.
 */
export function withServerSentence(result: StatusResult, server: WorkflowsSample): StatusResult {
  const where = server.url ? new URL(server.url).host : null;
  if ((result.status === 'running' || result.status === 'degraded') && server.reachable === false)
    return { ...result, reason: `${result.reason}. Covalent's server does not answer at ${where}` };
  if (result.status === 'stopped' && server.reachable === true)
    return { ...result, reason: `${result.reason}; Covalent's server is up at ${where}` };
  return result;
}
