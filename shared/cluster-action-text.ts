/**
 * What the panel's and the menu's confirmations say before an action on the cluster, so that the
 * user knows what will happen: the same words in both places.
 */

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
