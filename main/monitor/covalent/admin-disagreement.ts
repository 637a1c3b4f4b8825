/** Where Covalent's admin server's view of the cluster and the monitor's own disagree, in words. */
import type { WorkerSample } from '../../../shared/snapshot';
import type { AdminView } from './admin-comm';

/**
 * The first disagreement: how many workers, then each worker's status by name. Null when they
 * agree. Covalent names workers by their Dask id, which a LocalCluster makes their name.
 */
export function adminDisagreement(view: AdminView, workers: readonly WorkerSample[]): string | null {
  if (view.size !== workers.length) {
    return `Covalent's admin server counts ${view.size} worker${view.size === 1 ? '' : 's'}; the monitor sees ${workers.length}`;
  }
  for (const w of workers) {
    if (w.name === null || w.status === null || !Object.hasOwn(view.workers, w.name)) continue;
    const theirs = view.workers[w.name]!;
    if (theirs !== w.status)
      return `Covalent's admin server calls worker ${w.name} ${theirs}; Dask's scheduler calls it ${w.status}`;
  }
  return null;
}
