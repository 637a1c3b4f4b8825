/** The user's preferences: what they are, their defaults, and the check every change goes through. */
import { DEFAULT_ALERT_FRACTION } from './dask-thresholds';

export interface Prefs {
  /** Seconds between samples. */
  intervalSeconds: number;
  /** Fraction of a worker's memory limit that raises a notification (by default Dask's pause). */
  alertFraction: number;
  /** Show notifications (the tray's "Pause notifications" turns this off). */
  notifications: boolean;
  /** Which workflow endings become notifications (each kind can be turned off). */
  notifyWorkflowCompleted: boolean;
  notifyWorkflowFailed: boolean;
  notifyWorkflowCancelled: boolean;
  startAtLogin: boolean;
}

export const DEFAULT_PREFS: Prefs = {
  intervalSeconds: 1,
  alertFraction: DEFAULT_ALERT_FRACTION,
  notifications: true,
  notifyWorkflowCompleted: true,
  notifyWorkflowFailed: true,
  notifyWorkflowCancelled: true,
  startAtLogin: false,
};

export const PREF_LIMITS = {
  intervalSeconds: { min: 0.5, max: 60 },
  alertFraction: { min: 0.5, max: 0.94 },
} as const;

/** Checks a partial update; unknown keys and out-of-range values are refused with a reason. */
export function validatePrefsPatch(value: unknown): { ok: true; patch: Partial<Prefs> } | { ok: false; error: string } {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    return { ok: false, error: 'preferences must be an object' };
  const patch: Partial<Prefs> = {};
  for (const [key, v] of Object.entries(value)) {
    switch (key) {
      case 'intervalSeconds':
      case 'alertFraction': {
        const { min, max } = PREF_LIMITS[key];
        if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) {
          return { ok: false, error: `${key} must be a number from ${min} to ${max}` };
        }
        patch[key] = v;
        break;
      }
      case 'notifications':
      case 'notifyWorkflowCompleted':
      case 'notifyWorkflowFailed':
      case 'notifyWorkflowCancelled':
      case 'startAtLogin':
        if (typeof v !== 'boolean') return { ok: false, error: `${key} must be true or false` };
        patch[key] = v;
        break;
      default:
        return { ok: false, error: `unknown preference ${JSON.stringify(key.slice(0, 40))}` };
    }
  }
  return { ok: true, patch };
}
