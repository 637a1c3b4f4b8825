/**
 * What the user may ask of the cluster from the panel or the menu, each through what Covalent
 * and Dask serve for it: the last lines of a log (the scheduler's get_logs / worker_logs over Dask's
 * protocol), and, after the user has confirmed, restarting the workers or scaling the cluster
 * (Covalent's admin server). Every failure comes back as a sentence.
 */
import type { ActionResult, LogTarget, LogsResult } from '../../shared/ipc-contract';
import type { Snapshot } from '../../shared/snapshot';
import type { AdminComm } from './covalent/admin-comm';
import type { SchedulerComm } from './dask/comm/scheduler-comm';

export interface ClusterActions {
  logs(target: LogTarget, lines: number): Promise<LogsResult>;
  restartWorkers(): Promise<ActionResult>;
  scaleWorkers(size: number): Promise<ActionResult>;
}

export interface ClusterActionDeps {
  scheduler(): SchedulerComm | null;
  admin(): AdminComm | null;
  latest(): Snapshot | null;
  /** Called after an action on the cluster, so that a sample shows its effect at once. */
  changed(): void;
}

export function createClusterActions(deps: ClusterActionDeps): ClusterActions {
  const running = () => deps.latest()?.scheduler?.alive === true;
  const noAdmin = (): ActionResult => {
    const a = deps.latest()?.admin;
    const why = a?.address
      ? `Covalent's admin server at ${a.address} cannot be used (${a.problem ?? 'no answer'})`
      : 'the config names no admin server (admin_host, admin_port)';
    return { ok: false, error: why };
  };
  return {
    async logs(target, lines) {
      if (!running()) return { ok: false, error: 'no Dask cluster is running' };
      const comm = deps.scheduler();
      if (!comm)
        return { ok: false, error: deps.latest()?.dashboard.protocolProblem ?? "Dask's protocol is not used here" };
      // Only a worker the monitor shows: the panel names it by the address the snapshot gave.
      if (target.of === 'worker' && !deps.latest()?.workers.some((w) => w.address === target.address)) {
        return { ok: false, error: `${target.address} is not a worker of this cluster` };
      }
      const r = await comm.logs(target.of === 'scheduler' ? 'scheduler' : { worker: target.address }, lines);
      return r.ok ? { ok: true, lines: r.lines } : { ok: false, error: r.reason };
    },
    async restartWorkers() {
      if (!running()) return { ok: false, error: 'no Dask cluster is running' };
      const admin = deps.admin();
      if (!admin) return noAdmin();
      const r = await admin.restartWorkers();
      deps.changed();
      return r.ok ? { ok: true } : { ok: false, error: r.reason };
    },
    async scaleWorkers(size) {
      if (!running()) return { ok: false, error: 'no Dask cluster is running' };
      const admin = deps.admin();
      if (!admin) return noAdmin();
      const r = await admin.scale(size);
      deps.changed();
      return r.ok ? { ok: true } : { ok: false, error: r.reason };
    },
  };
}
