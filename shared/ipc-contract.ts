/**
 * The one IPC contract between the main process and the panel: prefixed channel names, the
 * arguments and result of each, and the checks main applies to every incoming message. No Electron
 * here: main, preload, the panel (types only) and the browser tests all import it.
 */
import type { MemoryPoint } from './memory-point';
import { type Prefs, validatePrefsPatch } from './prefs';
import type { Snapshot } from './snapshot';

export const CHANNEL_PREFIX = 'covalent-dask-tray:' as const;

/** Config values the panel may ask main to copy. */
export const COPY_TARGETS = ['schedulerAddress', 'dashboardLink', 'cacheDir', 'logDir'] as const;
export type CopyTarget = (typeof COPY_TARGETS)[number];

/** Config folders the panel may ask main to open. */
export const PATH_TARGETS = ['logDir', 'cacheDir'] as const;
export type PathTarget = (typeof PATH_TARGETS)[number];

/** What an action did: the panel shows `error` as it is. */
export type ActionResult = { ok: true } | { ok: false; error: string };

/** Whose log the panel asks for: the scheduler's, or one worker's (by its Dask address, as the snapshot gives it). */
export type LogTarget = { of: 'scheduler' } | { of: 'worker'; address: string };

/** The last lines of a log, oldest first, as text: the panel shows them as text, never as markup. */
export type LogsResult = { ok: true; lines: { level: string; text: string }[] } | { ok: false; error: string };

/** Lines of a log the panel shows. */
export const LOG_LINES = 100;
/** The most workers the panel or the menu may ask Covalent to scale to (a cluster this size is past any laptop). */
export const MAX_SCALE_WORKERS = 256;
const DASK_ADDRESS = /^tcp:\/\/[\w.:[\]-]{1,80}$/;
/** A Covalent dispatch id: a UUID, lower-case as Covalent writes it. */
export const DISPATCH_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Requests from the panel (ipcRenderer.invoke → ipcMain.handle), by name: arguments and result. */
export interface InvokeContract {
  getSnapshot: { args: []; result: Snapshot | null };
  getHistory: { args: []; result: MemoryPoint[] };
  openDashboard: { args: []; result: ActionResult };
  openCovalentUi: { args: []; result: ActionResult };
  copy: { args: [target: CopyTarget]; result: ActionResult };
  openPath: { args: [target: PathTarget]; result: ActionResult };
  getPrefs: { args: []; result: Prefs };
  setPrefs: { args: [patch: Partial<Prefs>]; result: Prefs };
  hidePanel: { args: []; result: undefined };
  getLogs: { args: [target: LogTarget]; result: LogsResult };
  /** Covalent's admin server: restart every worker through its nanny (cluster_restart). */
  restartWorkers: { args: []; result: ActionResult };
  /** Covalent's admin server: scale the cluster to this many workers (cluster_scale). */
  scaleWorkers: { args: [size: number]; result: ActionResult };
  /** Opens a dispatch's page in the Covalent UI, by its id. */
  openDispatch: { args: [dispatchId: string]; result: ActionResult };
}

/** Messages main pushes to the panel (webContents.send → ipcRenderer.on), by name. */
export interface EventContract {
  snapshot: Snapshot;
  prefs: Prefs;
  /** Main's whole history, when the panel is shown: a hidden panel is sent no snapshots. */
  history: MemoryPoint[];
}

export type InvokeName = keyof InvokeContract;
export type EventName = keyof EventContract;
export type InvokeArgs<N extends InvokeName> = InvokeContract[N]['args'];
export type InvokeResult<N extends InvokeName> = InvokeContract[N]['result'];

/** The channel each request travels on: the one place channel names are spelled. */
export const INVOKE_CHANNELS = {
  getSnapshot: `${CHANNEL_PREFIX}get-snapshot`,
  getHistory: `${CHANNEL_PREFIX}get-history`,
  openDashboard: `${CHANNEL_PREFIX}open-dashboard`,
  openCovalentUi: `${CHANNEL_PREFIX}open-covalent-ui`,
  copy: `${CHANNEL_PREFIX}copy`,
  openPath: `${CHANNEL_PREFIX}open-path`,
  getPrefs: `${CHANNEL_PREFIX}get-prefs`,
  setPrefs: `${CHANNEL_PREFIX}set-prefs`,
  hidePanel: `${CHANNEL_PREFIX}hide-panel`,
  getLogs: `${CHANNEL_PREFIX}get-logs`,
  restartWorkers: `${CHANNEL_PREFIX}restart-workers`,
  scaleWorkers: `${CHANNEL_PREFIX}scale-workers`,
  openDispatch: `${CHANNEL_PREFIX}open-dispatch`,
} as const satisfies { readonly [N in InvokeName]: string };

/** The channel each push travels on. */
export const EVENT_CHANNELS = {
  snapshot: `${CHANNEL_PREFIX}snapshot`,
  prefs: `${CHANNEL_PREFIX}prefs`,
  history: `${CHANNEL_PREFIX}history`,
} as const satisfies { readonly [E in EventName]: string };

export const INVOKE_NAMES = Object.keys(INVOKE_CHANNELS) as InvokeName[];
export const EVENT_NAMES = Object.keys(EVENT_CHANNELS) as EventName[];

/**
 * The panel's whole view of main, derived from the contract: one function per request, and an
 * `onX(callback)` per push that returns its unsubscribe. The preload implements it; the panel and
 * the browser tests' page side use it.
 */
export type PanelApi = { [N in InvokeName]: (...args: InvokeArgs<N>) => Promise<InvokeResult<N>> } & {
  [E in EventName as `on${Capitalize<E>}`]: (callback: (payload: EventContract[E]) => void) => () => void;
};

type Checked<A> = { ok: true; args: A } | { ok: false; error: string };

function none(args: readonly unknown[]): Checked<[]> {
  return args.length === 0 ? { ok: true, args: [] } : { ok: false, error: 'takes no arguments' };
}

function oneOf<T extends string>(allowed: readonly T[]) {
  return (args: readonly unknown[]): Checked<[T]> =>
    args.length === 1 && typeof args[0] === 'string' && (allowed as readonly string[]).includes(args[0])
      ? { ok: true, args: [args[0] as T] }
      : { ok: false, error: `takes one of ${allowed.join(', ')}` };
}

/**
 * The argument check of every request. Typed so that a request added to InvokeContract without a
 * check here does not compile.
 */
export const ARGUMENT_CHECKS: { [N in InvokeName]: (args: readonly unknown[]) => Checked<InvokeArgs<N>> } = {
  getSnapshot: none,
  getHistory: none,
  openDashboard: none,
  openCovalentUi: none,
  copy: oneOf(COPY_TARGETS),
  openPath: oneOf(PATH_TARGETS),
  getPrefs: none,
  setPrefs: (args) => {
    if (args.length !== 1) return { ok: false, error: 'takes one object' };
    const checked = validatePrefsPatch(args[0]);
    return checked.ok ? { ok: true, args: [checked.patch] } : checked;
  },
  hidePanel: none,
  getLogs: (args) => {
    const t =
      args.length === 1 && typeof args[0] === 'object' && args[0] !== null && !Array.isArray(args[0])
        ? (args[0] as Record<string, unknown>)
        : null;
    const keys = t ? Object.keys(t).sort().join(',') : '';
    if (t?.of === 'scheduler' && keys === 'of') return { ok: true, args: [{ of: 'scheduler' }] };
    if (t?.of === 'worker' && keys === 'address,of' && typeof t.address === 'string' && DASK_ADDRESS.test(t.address)) {
      return { ok: true, args: [{ of: 'worker', address: t.address }] };
    }
    return { ok: false, error: "takes {of: 'scheduler'} or {of: 'worker', address}" };
  },
  restartWorkers: none,
  scaleWorkers: (args) =>
    args.length === 1 &&
    Number.isInteger(args[0]) &&
    (args[0] as number) >= 1 &&
    (args[0] as number) <= MAX_SCALE_WORKERS
      ? { ok: true, args: [args[0] as number] }
      : { ok: false, error: `takes a whole number of workers from 1 to ${MAX_SCALE_WORKERS}` },
  openDispatch: (args) =>
    args.length === 1 && typeof args[0] === 'string' && DISPATCH_ID.test(args[0])
      ? { ok: true, args: [args[0]] }
      : { ok: false, error: "takes a Covalent dispatch id (a UUID such as '72a1c0ce-17af-4ca6-9bfd-ee92190012b3')" },
};

const BY_CHANNEL = new Map<string, InvokeName>(INVOKE_NAMES.map((n) => [INVOKE_CHANNELS[n], n]));

/** The request a channel name stands for, or null for anything else (a push channel, garbage). */
export function invokeNameOf(channel: unknown): InvokeName | null {
  return typeof channel === 'string' ? (BY_CHANNEL.get(channel) ?? null) : null;
}

/** The global name under which the preload exposes the panel's API. */
export const BRIDGE_GLOBAL = 'covalentDaskTray';
