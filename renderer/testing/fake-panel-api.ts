/** An in-memory PanelApi for the panel's unit tests: main's answers given by the test, its pushes sent by hand. */
import type { ActionResult, LogsResult, PanelApi } from '../../shared/ipc-contract';
import type { MemoryPoint } from '../../shared/memory-point';
import { DEFAULT_PREFS, type Prefs } from '../../shared/prefs';
import type { Snapshot } from '../../shared/snapshot';

export interface TestApi {
  api: PanelApi;
  /** Every call the panel made, as "method arg". */
  calls: string[];
  pushSnapshot(s: Snapshot): void;
  pushPrefs(p: Prefs): void;
  pushHistory(h: MemoryPoint[]): void;
  /** What main answers to actions (ok by default). */
  result: ActionResult;
  /** What main answers for logs. */
  logs: LogsResult;
}

export function createTestApi(
  initial: { snapshot?: Snapshot | null; history?: MemoryPoint[]; prefs?: Prefs } = {},
): TestApi {
  const snapshotListeners = new Set<(s: Snapshot) => void>();
  const prefsListeners = new Set<(p: Prefs) => void>();
  const historyListeners = new Set<(h: MemoryPoint[]) => void>();
  const calls: string[] = [];
  let saved: Prefs = initial.prefs ?? { ...DEFAULT_PREFS };
  const t: TestApi = {
    calls,
    result: { ok: true },
    logs: { ok: true, lines: [] },
    pushSnapshot(s) {
      for (const l of snapshotListeners) l(s);
    },
    pushPrefs(p) {
      for (const l of prefsListeners) l(p);
    },
    pushHistory(h) {
      for (const l of historyListeners) l(h);
    },
    api: {
      getSnapshot: async () => initial.snapshot ?? null,
      getHistory: async () => initial.history ?? [],
      onSnapshot(cb) {
        snapshotListeners.add(cb);
        return () => snapshotListeners.delete(cb);
      },
      openDashboard: async () => {
        calls.push('openDashboard');
        return t.result;
      },
      openCovalentUi: async () => {
        calls.push('openCovalentUi');
        return t.result;
      },
      copy: async (target) => {
        calls.push(`copy ${target}`);
        return t.result;
      },
      openPath: async (target) => {
        calls.push(`openPath ${target}`);
        return t.result;
      },
      getPrefs: async () => initial.prefs ?? { ...DEFAULT_PREFS },
      async setPrefs(patch) {
        calls.push(`setPrefs ${JSON.stringify(patch)}`);
        saved = { ...saved, ...patch };
        return saved;
      },
      onPrefs(cb) {
        prefsListeners.add(cb);
        return () => prefsListeners.delete(cb);
      },
      onHistory(cb) {
        historyListeners.add(cb);
        return () => historyListeners.delete(cb);
      },
      hidePanel: async () => {
        calls.push('hidePanel');
      },
      getLogs: async (target) => {
        calls.push(`getLogs ${target.of === 'worker' ? target.address : 'scheduler'}`);
        return t.logs;
      },
      restartWorkers: async () => {
        calls.push('restartWorkers');
        return t.result;
      },
      scaleWorkers: async (size) => {
        calls.push(`scaleWorkers ${size}`);
        return t.result;
      },
      openDispatch: async (id) => {
        calls.push(`openDispatch ${id}`);
        return t.result;
      },
    },
  };
  return t;
}
