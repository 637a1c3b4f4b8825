/** The panel's state as signals, fed by the preload API, and the actions it takes through it. */
import { type ReadonlySignal, signal } from '@preact/signals';
import type { ActionResult, CopyTarget, LogTarget, LogsResult, PanelApi, PathTarget } from '../shared/ipc-contract';
import { appendPoint, type MemoryPoint, memoryPointOf } from '../shared/memory-point';
import { DEFAULT_PREFS, type Prefs } from '../shared/prefs';
import type { Snapshot } from '../shared/snapshot';

/** What the last action did, in words. */
export interface Notice {
  ok: boolean;
  text: string;
}

export interface PanelStore {
  snapshot: ReadonlySignal<Snapshot | null>;
  history: ReadonlySignal<MemoryPoint[]>;
  prefs: ReadonlySignal<Prefs>;
  notice: ReadonlySignal<Notice | null>;
  /** Subscribes to main's pushes and loads what main has now; returns the unsubscribe. */
  connect(): () => void;
  copy(target: CopyTarget, label: string): Promise<void>;
  openPath(target: PathTarget, label: string): Promise<void>;
  openDashboard(): Promise<void>;
  openCovalentUi(): Promise<void>;
  hidePanel(): Promise<void>;
  /** Forgets the last action's message: it means nothing to a panel opened again later. */
  clearNotice(): void;
  /** Changes preferences through main, which checks and saves them and pushes them back. */
  setPrefs(patch: Partial<Prefs>): Promise<void>;
  /** The log the panel shows, if one was asked for: what, and its lines once they came. */
  logs: ReadonlySignal<LogView | null>;
  showLogs(target: LogTarget, title: string): Promise<void>;
  closeLogs(): void;
  /** The user's actions on the cluster, asked after the user confirmed them. */
  restartWorkers(): Promise<void>;
  scaleWorkers(size: number): Promise<void>;
  /** A dispatch's page in the Covalent UI. */
  openDispatch(id: string, name: string): Promise<void>;
}

export interface LogView {
  target: LogTarget;
  title: string;
  /** Null while main reads it. */
  result: LogsResult | null;
}

/** Adds a point unless the history already ends at its time (main's history and a push can overlap). */
function addPoint(points: readonly MemoryPoint[], point: MemoryPoint): MemoryPoint[] {
  const last = points.at(-1);
  if (last && last.t === point.t) return [...points];
  return appendPoint(points, point);
}

const messageOf = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function createPanelStore(api: PanelApi): PanelStore {
  const snapshot = signal<Snapshot | null>(null);
  const history = signal<MemoryPoint[]>([]);
  const prefs = signal<Prefs>({ ...DEFAULT_PREFS });
  const notice = signal<Notice | null>(null);
  const logs = signal<LogView | null>(null);
  /** Points pushed before main's history arrived, which may not hold them yet; null once it has. */
  let pushed: MemoryPoint[] | null = [];
  let prefsPushed = false;
  let historyPushed = false;

  function receive(s: Snapshot) {
    const point = memoryPointOf(s);
    if (pushed) pushed = addPoint(pushed, point);
    snapshot.value = s;
    history.value = addPoint(history.value, point);
  }

  async function run(action: () => Promise<ActionResult>, done: string) {
    try {
      const result = await action();
      notice.value = result.ok ? { ok: true, text: done } : { ok: false, text: result.error };
    } catch (err) {
      notice.value = { ok: false, text: messageOf(err) };
    }
  }

  return {
    snapshot,
    history,
    prefs,
    notice,
    connect() {
      const offs = [
        api.onSnapshot(receive),
        api.onPrefs((p) => {
          prefsPushed = true;
          prefs.value = p;
        }),
        // Main's whole history as the panel is shown (it sends no snapshots while the panel is hidden).
        api.onHistory((h) => {
          historyPushed = true;
          pushed = null;
          history.value = h;
        }),
      ];
      Promise.all([api.getSnapshot(), api.getHistory(), api.getPrefs()]).then(
        ([s, h, p]) => {
          // Whatever main pushed while these were on their way is newer: it wins.
          if (s && !snapshot.value) snapshot.value = s;
          if (!historyPushed) history.value = (pushed ?? []).reduce(addPoint, h);
          pushed = null;
          if (!prefsPushed) prefs.value = p;
        },
        (err: unknown) => {
          notice.value = { ok: false, text: `Cannot reach the tray: ${messageOf(err)}` };
        },
      );
      return () => {
        for (const off of offs) off();
      };
    },
    copy: (target, label) => run(() => api.copy(target), `Copied ${label}`),
    openPath: (target, label) => run(() => api.openPath(target), `Opened ${label}`),
    openDashboard: () => run(() => api.openDashboard(), 'Opened the dashboard'),
    openCovalentUi: () => run(() => api.openCovalentUi(), 'Opened the Covalent UI'),
    async hidePanel() {
      notice.value = null;
      try {
        await api.hidePanel();
      } catch (err) {
        notice.value = { ok: false, text: messageOf(err) };
      }
    },
    clearNotice() {
      notice.value = null;
    },
    async setPrefs(patch) {
      try {
        prefs.value = await api.setPrefs(patch);
      } catch (err) {
        notice.value = { ok: false, text: messageOf(err) };
      }
    },
    logs,
    async showLogs(target, title) {
      const view: LogView = { target, title, result: null };
      logs.value = view;
      let result: LogsResult;
      try {
        result = await api.getLogs(target);
      } catch (err) {
        result = { ok: false, error: messageOf(err) };
      }
      // A later request (or a close) wins over this one's answer.
      if (logs.value === view) logs.value = { ...view, result };
    },
    closeLogs() {
      logs.value = null;
    },
    restartWorkers: () => run(() => api.restartWorkers(), 'Restarted the workers'),
    scaleWorkers: (size) => run(() => api.scaleWorkers(size), `Asked Covalent to scale to ${size} workers`),
    openDispatch: (id, name) => run(() => api.openDispatch(id), `Opened ${name} in the Covalent UI`),
  };
}
