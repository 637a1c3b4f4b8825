/** Dask's worker memory thresholds, and the level a worker's memory stands at for its bar. */

/** Fractions of the memory limit, from distributed.yaml (distributed.worker.memory.*). */
export const DASK_THRESHOLDS = [
  { name: 'target', fraction: 0.6, meaning: 'Dask starts spilling managed data to disk' },
  { name: 'spill', fraction: 0.7, meaning: 'Dask spills by process memory' },
  { name: 'pause', fraction: 0.8, meaning: 'Dask pauses the worker: it takes no new tasks' },
  { name: 'terminate', fraction: 0.95, meaning: 'the nanny kills and restarts the worker' },
] as const;

const TERMINATE = DASK_THRESHOLDS[3].fraction;

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
