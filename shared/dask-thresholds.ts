/**
 * Dask's worker memory thresholds, as fractions of a worker's memory limit (distributed.yaml,
 * distributed.worker.memory.*; the same in 2022.12 and current Dask), and the words for them.
 * Alerts, status, the poll schedule, the preferences and the panel's bar marks all read them here.
 */

/** target: Dask starts spilling; spill: by process memory; pause: no new tasks; terminate: the nanny kills the worker. */
export const DASK_MEMORY = { target: 0.6, spill: 0.7, pause: 0.8, terminate: 0.95 } as const;

export type ThresholdName = keyof typeof DASK_MEMORY;

/** The thresholds in order, with what Dask does at each (the panel's bar marks and legend). */
export const DASK_THRESHOLDS: readonly { name: ThresholdName; fraction: number; meaning: string }[] = [
  { name: 'target', fraction: DASK_MEMORY.target, meaning: 'Dask starts spilling managed data to disk' },
  { name: 'spill', fraction: DASK_MEMORY.spill, meaning: 'Dask spills by process memory' },
  { name: 'pause', fraction: DASK_MEMORY.pause, meaning: 'Dask pauses the worker: it takes no new tasks' },
  { name: 'terminate', fraction: DASK_MEMORY.terminate, meaning: 'the nanny kills and restarts the worker' },
];

/** Below Dask's spill threshold a worker is out of danger, and a new episode may alert again. */
export const REARM_FRACTION = DASK_MEMORY.spill;
/** From Dask's target up, a worker may spill and be paused: its Dask status is watched closely. */
export const NEAR_LIMIT_FRACTION = DASK_MEMORY.target;
/** The default alert: Dask's pause, where the worker stops taking tasks and the kill is near. */
export const DEFAULT_ALERT_FRACTION = DASK_MEMORY.pause;

/** 0.8 → "80 %". */
export const percentText = (fraction: number): string => `${Math.round(fraction * 100)} %`;

/** "Dask pauses it at 80 % and restarts it at 95 %" (`who` = "it"), for the alert and the status sentence. */
export function pauseAndRestartText(who = 'it'): string {
  return `Dask pauses ${who} at ${percentText(DASK_MEMORY.pause)} and restarts it at ${percentText(DASK_MEMORY.terminate)}`;
}
/** "Dask restarts a worker at 95 %". */
export const RESTART_TEXT = `Dask restarts a worker at ${percentText(DASK_MEMORY.terminate)}`;
