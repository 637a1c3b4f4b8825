/**
 * What the panel's and the menu's confirmations say before an action on the cluster, so that the
 * user knows what will happen, and when the actions cannot be taken: the same in both places.
 */
import type { Snapshot } from './snapshot';

/** Why Restart workers and Scale cannot be asked for now (no cluster, no admin server), or null. */
export function clusterActionsUnavailable(s: Snapshot | null): string | null {
  if (s?.scheduler?.alive !== true) return 'no cluster running';
  if (!s.admin.address) return 'the config names no admin server';
  if (s.admin.reachable === false || (s.admin.at === null && s.admin.problem))
    return "Covalent's admin server does not answer";
  return null;
}

export interface Confirmation {
  title: string;
  detail: string;
  /** The button that goes ahead. */
  confirm: string;
}

export function restartConfirmation(workers: number): Confirmation {
  const which = workers === 1 ? 'its worker' : `all ${workers} workers`;
  return {
    title: `Restart ${which}?`,
    detail:
      "Covalent's admin server restarts each worker through its nanny. Tasks running on them are lost, and Dask runs them again; a running workflow may fail.",
    confirm: 'Restart workers',
  };
}

export function scaleConfirmation(from: number, to: number): Confirmation {
  const more = to > from;
  return {
    title: `Scale the cluster from ${from} to ${to} worker${to === 1 ? '' : 's'}?`,
    detail: more
      ? `Covalent's admin server starts ${to - from} more worker${to - from === 1 ? '' : 's'}, each with the same memory limit.`
      : `Covalent's admin server stops ${from - to} worker${from - to === 1 ? '' : 's'}. Tasks running on them are lost, and Dask runs them elsewhere.`,
    confirm: `Scale to ${to}`,
  };
}
