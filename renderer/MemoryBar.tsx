/** A worker's process memory against its limit, with Dask's thresholds marked on it. */
import { DASK_THRESHOLDS } from '../shared/dask-thresholds';
import { fillOf, type MemoryLevel } from './memory-thresholds';

export interface MemoryBarProps {
  /** What the bar is of, for screen readers: "Memory of worker 3". */
  label: string;
  rssBytes: number | null;
  limitBytes: number | null;
  fraction: number | null;
  level: MemoryLevel;
  /** "93.1 MB of 400 MB, 23 %". */
  valueText: string;
}

export function MemoryBar({ label, rssBytes, limitBytes, fraction, level, valueText }: MemoryBarProps) {
  // A meter needs a maximum: with no known limit the bar stays, empty and unannounced, so rows keep their shape.
  const measured = rssBytes !== null && limitBytes !== null && limitBytes > 0;
  const meter = measured
    ? {
        role: 'meter' as const,
        'aria-label': label,
        'aria-valuemin': 0,
        'aria-valuemax': limitBytes,
        'aria-valuenow': Math.min(rssBytes, limitBytes),
        'aria-valuetext': valueText,
      }
    : { 'aria-hidden': true };
  return (
    <div class={`meter meter--${level}`} data-level={level} {...meter}>
      <div class="meter__fill" style={{ '--scale': fillOf(fraction) }} />
      {DASK_THRESHOLDS.map((t) => (
        <span
          key={t.name}
          class={`meter__mark meter__mark--${t.name}`}
          data-fraction={t.fraction}
          style={{ '--at': t.fraction }}
          title={`${t.name} ${Math.round(t.fraction * 100)} %: ${t.meaning}`}
        />
      ))}
    </div>
  );
}
