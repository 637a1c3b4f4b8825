/**
 * Covalent's admin server (covalent_dispatcher/_service/app_dask.py DaskAdminWorker, at the
 * config's admin_host:admin_port, no authentication), over Dask's comm protocol: its view of the
 * cluster (`cluster_status`, `cluster_size`), and the two actions a user may take from the panel
 * or the menu, each after a confirmation: restart the workers (`cluster_restart`, which restarts
 * each through its nanny, about 9 s) and scale to N (`cluster_scale`, argument `size`). Nothing else
 * is ever sent to it.
 */
import { type CommClient, type CommEndpoint, createCommClient } from '../dask/comm/comm-client';
import { MAX_SCALE_WORKERS } from '../../../shared/ipc-contract';
import type { Answer } from '../dask/comm/scheduler-comm';

export const ADMIN_OPS = ['cluster_status', 'cluster_size', 'cluster_restart', 'cluster_scale'] as const;

/** Covalent restarts the workers one nanny after another: give it a minute. */
const RESTART_TIMEOUT_MS = 60_000;

export interface AdminView {
  /** "running", or what Covalent's server says of its scheduler. */
  scheduler: string | null;
  /** Each worker's status, by Covalent's key ("worker-0" → the worker named 0). */
  workers: Record<string, string>;
  size: number;
}

export interface AdminComm {
  view(): Promise<Answer<{ view: AdminView }>>;
  restartWorkers(): Promise<Answer<object>>;
  scale(size: number): Promise<Answer<object>>;
  close(): void;
}

const STATUS = /^[a-z_-]{1,32}$/;

/** cluster_status: {"scheduler": "running", "worker-<id>": status, …}, checked; null when it is not that. */
export function parseClusterStatus(v: unknown): Omit<AdminView, 'size'> | null {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return null;
  const workers: Record<string, string> = {};
  let scheduler: string | null = null;
  for (const [key, status] of Object.entries(v)) {
    if (typeof status !== 'string' || !STATUS.test(status)) continue;
    if (key === 'scheduler') scheduler = status;
    else if (/^worker-[\w.-]{1,64}$/.test(key)) workers[key.slice('worker-'.length)] = status;
  }
  return { scheduler, workers };
}

export function createAdminComm(endpoint: CommEndpoint, timeouts: { connectMs: number; requestMs: number }): AdminComm {
  const client: CommClient = createCommClient({
    endpoint,
    ops: ADMIN_OPS,
    connectTimeoutMs: timeouts.connectMs,
    requestTimeoutMs: timeouts.requestMs,
  });
  const done = (r: Awaited<ReturnType<CommClient['request']>>): Answer<object> => (r.ok ? { ok: true } : r);
  return {
    async view() {
      const status = await client.request('cluster_status');
      if (!status.ok) return status;
      const parsed = parseClusterStatus(status.value);
      if (!parsed)
        return { ok: false, reason: "Covalent's cluster_status reply is not what Covalent sends", reachable: true };
      const size = await client.request('cluster_size');
      if (!size.ok) return size;
      if (!Number.isInteger(size.value) || (size.value as number) < 0) {
        return { ok: false, reason: "Covalent's cluster_size reply is not a count", reachable: true };
      }
      return { ok: true, view: { ...parsed, size: size.value as number } };
    },
    async restartWorkers() {
      return done(await client.request('cluster_restart', {}, { timeoutMs: RESTART_TIMEOUT_MS }));
    },
    async scale(size) {
      if (!Number.isInteger(size) || size < 1 || size > MAX_SCALE_WORKERS) {
        return { ok: false, reason: `a cluster is scaled to 1 … ${MAX_SCALE_WORKERS} workers`, reachable: false };
      }
      return done(await client.request('cluster_scale', { size }));
    },
    close: client.close,
  };
}
