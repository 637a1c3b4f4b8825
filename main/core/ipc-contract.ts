/**
 * The one IPC contract between the main process and the panel: prefixed channel names, the
 * arguments and result of each, and the checks main applies to every incoming message. No Electron
 * here: main, preload, the panel (types only) and the browser tests all import it.
 */
import type { MemoryPoint } from './memory-history';
import { type Prefs, validatePrefsPatch } from './prefs';
import type { Snapshot } from './snapshot';

export const CHANNEL_PREFIX = 'covalent-dask-tray:';

/** Config values the panel may ask main to copy. */
export const COPY_TARGETS = ['schedulerAddress', 'dashboardLink', 'cacheDir', 'logDir'] as const;
export type CopyTarget = (typeof COPY_TARGETS)[number];

/** Config folders the panel may ask main to open. */
export const PATH_TARGETS = ['logDir', 'cacheDir'] as const;
export type PathTarget = (typeof PATH_TARGETS)[number];

/** What an action did: the panel shows `error` as it is. */
export type ActionResult = { ok: true } | { ok: false; error: string };

/** Requests from the panel (ipcRenderer.invoke → ipcMain.handle): arguments and result. */
export interface InvokeContract {
  'covalent-dask-tray:get-snapshot': { args: []; result: Snapshot | null };
  'covalent-dask-tray:get-history': { args: []; result: MemoryPoint[] };
  'covalent-dask-tray:open-dashboard': { args: []; result: ActionResult };
  'covalent-dask-tray:open-covalent-ui': { args: []; result: ActionResult };
  'covalent-dask-tray:copy': { args: [target: CopyTarget]; result: ActionResult };
  'covalent-dask-tray:open-path': { args: [target: PathTarget]; result: ActionResult };
  'covalent-dask-tray:get-prefs': { args: []; result: Prefs };
  'covalent-dask-tray:set-prefs': { args: [patch: Partial<Prefs>]; result: Prefs };
  'covalent-dask-tray:hide-panel': { args: []; result: void };
}

/** Messages main pushes to the panel (webContents.send → ipcRenderer.on). */
export interface EventContract {
  'covalent-dask-tray:snapshot': Snapshot;
  'covalent-dask-tray:prefs': Prefs;
}

export type InvokeChannel = keyof InvokeContract;
export type EventChannel = keyof EventContract;
export type InvokeArgs<C extends InvokeChannel> = InvokeContract[C]['args'];
export type InvokeResult<C extends InvokeChannel> = InvokeContract[C]['result'];

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
 * The argument check of every channel. Typed so that a channel added to InvokeContract without a
 * check here does not compile.
 */
export const ARGUMENT_CHECKS: { [C in InvokeChannel]: (args: readonly unknown[]) => Checked<InvokeArgs<C>> } = {
  'covalent-dask-tray:get-snapshot': none,
  'covalent-dask-tray:get-history': none,
  'covalent-dask-tray:open-dashboard': none,
  'covalent-dask-tray:open-covalent-ui': none,
  'covalent-dask-tray:copy': oneOf(COPY_TARGETS),
  'covalent-dask-tray:open-path': oneOf(PATH_TARGETS),
  'covalent-dask-tray:get-prefs': none,
  'covalent-dask-tray:set-prefs': (args) => {
    if (args.length !== 1) return { ok: false, error: 'takes one object' };
    const checked = validatePrefsPatch(args[0]);
    return checked.ok ? { ok: true, args: [checked.patch] } : checked;
  },
  'covalent-dask-tray:hide-panel': none,
};

export const INVOKE_CHANNELS = Object.keys(ARGUMENT_CHECKS) as InvokeChannel[];

export function isInvokeChannel(channel: unknown): channel is InvokeChannel {
  return typeof channel === 'string' && Object.hasOwn(ARGUMENT_CHECKS, channel);
}

/** The global name under which the preload exposes the panel's API. */
export const BRIDGE_GLOBAL = 'covalentDaskTray';
