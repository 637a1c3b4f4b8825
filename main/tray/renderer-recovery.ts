/**
 * What to do when the panel's renderer process is gone (crashed, killed, out of memory): without a
 * reload the panel stays blank for the rest of the session. Reloads are capped, so a page that
 * crashes as it loads is not reloaded in a loop; past the cap the next showing of the panel tries again.
 */

/** At most this many reloads within RELOAD_WINDOW_MS. */
export const MAX_RELOADS = 3;
export const RELOAD_WINDOW_MS = 60_000;

export type RecoveryAction = 'reload' | 'none';

export interface RendererRecovery {
  /** The renderer is gone ('render-process-gone'), at `now` (ms). */
  gone(now: number, quitting: boolean): RecoveryAction;
  /** The panel is about to be shown: reload a renderer left gone at the cap. */
  showing(now: number): RecoveryAction;
}

export function createRendererRecovery(): RendererRecovery {
  let reloads: number[] = [];
  let gone = false;

  function tryReload(now: number): RecoveryAction {
    reloads = reloads.filter((t) => now - t < RELOAD_WINDOW_MS);
    if (reloads.length >= MAX_RELOADS) return 'none';
    reloads.push(now);
    gone = false;
    return 'reload';
  }

  return {
    gone(now, quitting) {
      // Quitting takes the renderers down on purpose.
      if (quitting) return 'none';
      gone = true;
      return tryReload(now);
    },
    showing(now) {
      return gone ? tryReload(now) : 'none';
    },
  };
}
