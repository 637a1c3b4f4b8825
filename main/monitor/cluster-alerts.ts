/** The cluster starting, stopping, or left for another one the config names. */
import type { Alert } from '../../shared/snapshot';
import { alertOf } from './alert-of';
import { type ClusterId, sameCluster } from './cluster-id';

export interface ClusterAlerts {
  /**
   * Alerts for a change of cluster (none at the first look); returns whether the cluster changed,
   * so what was known of the last one's workers can be dropped.
   */
  update(
    now: number,
    next: ClusterId | null | undefined,
    supersededPid: number | null | undefined,
    out: Alert[],
  ): boolean;
}

export function createClusterAlerts(): ClusterAlerts {
  let cluster: ClusterId | null | undefined;
  return {
    update(now, next, supersededPid, out) {
      if (next === undefined || sameCluster(next, cluster)) return false;
      const first = cluster === undefined;
      const previous = cluster;
      cluster = next;
      if (first) return true;
      if (previous) {
        const { pid } = previous;
        const left = supersededPid === pid;
        if (left && next) {
          // Not stopped: the config names another cluster now. One alert for the switch.
          const message = `Covalent's config now names another Dask cluster (process ${next.pid}); process ${pid} still runs but is no longer watched`;
          out.push(alertOf('cluster-started', null, message, now));
          return true;
        }
        const message = left
          ? `Covalent's config no longer names the Dask cluster of process ${pid}, which still runs`
          : `The Dask cluster (process ${pid}) stopped`;
        out.push(alertOf('cluster-stopped', null, message, now));
      }
      if (next) out.push(alertOf('cluster-started', null, `The Dask cluster started (process ${next.pid})`, now));
      return true;
    },
  };
}
