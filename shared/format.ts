/** Human forms of the figures, shared by the CLI, the tray and the panel. */

const UNITS = [
  { unit: 'TB', size: 1e12 },
  { unit: 'GB', size: 1e9 },
  { unit: 'MB', size: 1e6 },
  { unit: 'kB', size: 1e3 },
];

/** Decimal units, as Covalent writes sizes ("4GB"): 1.3 GB, 512 MB, 900 B. */
export function formatBytes(bytes: number | null): string {
  if (bytes === null || !Number.isFinite(bytes)) return '—';
  const abs = Math.abs(bytes);
  for (const { unit, size } of UNITS) {
    if (abs >= size * 0.9995) {
      const n = bytes / size;
      const fixed = n.toFixed(1);
      return `${Math.abs(Number(fixed)) >= 100 ? Math.round(n) : fixed} ${unit}`;
    }
  }
  return `${Math.round(bytes)} B`;
}

/** 0.8412 → "84 %"; never rounds up onto a threshold it has not reached (0.7996 → "79 %"). */
export function formatFraction(fraction: number | null): string {
  if (fraction === null || !Number.isFinite(fraction)) return '—';
  // The epsilon undoes binary fractions: 0.29 * 100 is 28.999999999999996.
  return `${Math.floor(fraction * 100 + 1e-9)} %`;
}

export function formatCpu(percent: number | null): string {
  if (percent === null || !Number.isFinite(percent)) return '—';
  return `${percent < 10 ? percent.toFixed(1) : Math.round(percent)} %`;
}

const pad = (n: number) => String(n).padStart(2, '0');

/** Local wall-clock time, 24-hour "14:03:07", whatever the locale: for alerts and samples a few seconds to minutes apart. */
export function formatClock(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '--:--:--';
  return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** How long ago, in words: "12 s ago", "3 min ago", "2 h ago". */
export function formatAge(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 120) return `${s} s ago`;
  if (s < 120 * 60) return `${Math.round(s / 60)} min ago`;
  return `${Math.round(s / 3600)} h ago`;
}

/** How long something ran, e.g. a workflow: "7 s", "2 min 05 s", "1 h 03 min". */
export function formatDuration(ms: number | null): string {
  if (ms === null || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${pad(s % 60)} s`;
  return `${Math.floor(s / 3600)} h ${pad(Math.floor((s % 3600) / 60))} min`;
}
