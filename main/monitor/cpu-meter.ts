/** CPU % of each watched process, from the cumulative CPU time the OS reports between two looks. */
import type { ProcInfo } from './proc/process-source';

export interface CpuMeter {
  /** CPU % of one core since the last look at the same process (pid and start time); null on the first look. */
  percent(p: ProcInfo, at: number): number | null;
  /** Forgets every process but these. */
  keepOnly(pids: ReadonlySet<number>): void;
  reset(): void;
}

export function createCpuMeter(): CpuMeter {
  const seen = new Map<number, { startedAtMs: number | null; cpuTimeMs: number; at: number }>();
  return {
    percent(p, at) {
      if (p.cpuPercent !== null) return p.cpuPercent;
      if (p.cpuTimeMs === null) return null;
      const prev = seen.get(p.pid);
      seen.set(p.pid, { startedAtMs: p.startedAtMs, cpuTimeMs: p.cpuTimeMs, at });
      if (!prev || prev.startedAtMs !== p.startedAtMs || at <= prev.at) return null;
      return Math.max(0, ((p.cpuTimeMs - prev.cpuTimeMs) / (at - prev.at)) * 100);
    },
    keepOnly(pids) {
      for (const pid of seen.keys()) if (!pids.has(pid)) seen.delete(pid);
    },
    reset() {
      seen.clear();
    },
  };
}
