/** A snapshot for tests, every field empty unless given. */
import type { Snapshot } from '../shared/snapshot';

export function snapshotOf(patch: Partial<Snapshot>): Snapshot {
  return {
    status: 'running', reason: '', configPath: '/c', config: null, configIssues: [], configError: null, configFromLastGood: false,
    runtimeKeysStale: false, scheduler: null, workers: [], workerMatching: null,
    dashboard: { url: null, reachable: null, problem: null, identityAt: null, tasks: null },
    system: { memoryBytes: null, cpuCount: null }, alerts: [], sampledAt: '2026-11-27T10:00:00.000Z', ...patch,
  };
}
