/** An alert as the snapshot carries it, stamped with its time. */
import type { Alert } from '../../shared/snapshot';

export function alertOf(
  kind: Alert['kind'],
  worker: string | null,
  message: string,
  now: number,
  extra: Partial<Alert> = {},
): Alert {
  return { kind, worker, message, at: new Date(now).toISOString(), ...extra };
}
