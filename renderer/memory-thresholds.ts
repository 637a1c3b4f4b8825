/** The level a worker's memory stands at for its bar, against Dask's thresholds (shared/dask-thresholds.ts). */
import { DASK_MEMORY } from '../shared/dask-thresholds';

const TERMINATE = DASK_MEMORY.terminate;

export type MemoryLevel = 'unknown' | 'normal' | 'warning' | 'critical';

/** Warning from the user's alert fraction on (as the tray's alert), critical once Dask would kill it. */
export function memoryLevel(fraction: number | null, alertFraction: number): MemoryLevel {
  if (fraction === null || !Number.isFinite(fraction)) return 'unknown';
  if (fraction >= TERMINATE) return 'critical';
  if (fraction >= alertFraction) return 'warning';
  return 'normal';
}

/** The bar's fill, 0…1: memory past the limit still fills it only once. */
export function fillOf(fraction: number | null): number {
  if (fraction === null || !Number.isFinite(fraction) || fraction < 0) return 0;
  return Math.min(1, fraction);
}
