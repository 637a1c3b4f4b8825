/**
 * Covalent's admin server as the sampler holds it between samples: asked for its view of the
 * cluster every few seconds (one small request each), and set up anew when the config names
 * another address. Its view is checked against the monitor's (admin-disagreement.ts).
 */
import { emptyAdmin, type AdminSample } from '../../../shared/snapshot';
import { parseCommAddress } from '../dask/comm/comm-client';
import type { AdminComm, AdminView as CovalentView } from './admin-comm';
import { waitAtMost } from '../wait-at-most';

/** How often Covalent's admin server is asked for its view. */
export const ADMIN_REFRESH_MS = 5_000;

export type AdminCommFactory = (endpoint: { host: string; port: number }) => AdminComm;

export interface AdminWatch {
  follow(host: string | null, port: number | null): void;
  refresh(at: number, waitMs: number): Promise<void>;
  /** The admin server, where the config names one this monitor may speak to (for the user's actions). */
  comm(): AdminComm | null;
  /** Its last view and when, or why there is none. */
  sample(): AdminSample & { view: CovalentView | null };
  close(): void;
}

export function createAdminWatch(makeComm: AdminCommFactory | null): AdminWatch {
  let address: string | null = null;
  let comm: AdminComm | null = null;
  let refusal: string | null = null;
  let lastAskAt: number | null = null;
  let inFlight: Promise<void> | null = null;
  let view: { at: number; value: CovalentView } | null = null;
  let problem: string | null = null;
  let reachable: boolean | null = null;
  let generation = 0;

  return {
    follow(host, port) {
      const next = host !== null && port !== null ? `${host}:${port}` : null;
      if (next === address) return;
      address = next;
      comm?.close();
      comm = null;
      generation++;
      inFlight = null;
      lastAskAt = null;
      view = null;
      reachable = null;
      const parsed = next && makeComm ? parseCommAddress(`tcp://${next}`) : null;
      refusal =
        next === null
          ? null
          : parsed?.ok
            ? null
            : `not asked: ${parsed ? parsed.reason : 'this monitor was made without it'}`;
      if (parsed?.ok && makeComm) comm = makeComm(parsed.endpoint);
      problem = refusal;
    },
    async refresh(at, waitMs) {
      if (!comm || inFlight || (lastAskAt !== null && at - lastAskAt < ADMIN_REFRESH_MS)) return;
      lastAskAt = at;
      const askedUnder = generation;
      const ask = comm.view().then((r) => {
        if (askedUnder !== generation) return;
        reachable = r.ok || r.reachable;
        if (r.ok) {
          view = { at: Date.now(), value: r.view };
          problem = null;
        } else {
          problem = r.reason;
        }
      });
      const mine: Promise<void> = ask.finally(() => {
        if (inFlight === mine) inFlight = null;
      });
      inFlight = mine;
      await waitAtMost(mine, waitMs);
    },
    comm: () => comm,
    sample() {
      if (address === null) return { ...emptyAdmin(), view: null };
      return {
        ...emptyAdmin(address),
        reachable,
        size: view?.value.size ?? null,
        statuses: view ? { ...view.value.workers } : null,
        at: view ? new Date(view.at).toISOString() : null,
        problem,
        view: view?.value ?? null,
      };
    },
    close() {
      comm?.close();
      comm = null;
    },
  };
}
