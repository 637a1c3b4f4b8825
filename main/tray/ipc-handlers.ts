/**
 * What main does for each panel request, Electron-free: the tray registers these through ipcMain,
 * the browser tests through page.exposeBinding. Every message is checked (channel, arguments,
 * sender) and the only URLs and folders ever opened come from the config.
 */
import fs from 'node:fs';
import path from 'node:path';
import {
  ARGUMENT_CHECKS,
  type ActionResult,
  type InvokeArgs,
  type InvokeName,
  type InvokeResult,
  invokeNameOf,
  LOG_LINES,
} from '../../shared/ipc-contract';
import type { MemoryPoint } from '../../shared/memory-point';
import type { ClusterActions } from '../monitor/cluster-actions';
import type { PrefsStore } from './prefs-store';
import { covalentUiUrl, dashboardUrl, dispatchPageUrl } from '../../shared/config-urls';
import type { Snapshot } from '../../shared/snapshot';

/** The OS actions a handler may take; the Electron adapter supplies shell and clipboard. */
export interface ShellActions {
  openExternal(url: string): Promise<void>;
  /** Resolves with an error message, or '' on success (Electron's shell.openPath). */
  openPath(folder: string): Promise<string>;
  writeClipboard(text: string): void;
  hidePanel(): void;
}

export interface IpcDeps {
  latest(): Snapshot | null;
  history(): MemoryPoint[];
  prefs: PrefsStore;
  actions: ShellActions;
  /** Logs and the user's actions on the cluster, from the monitor. */
  cluster: ClusterActions;
}

export type IpcHandlers = { [N in InvokeName]: (...args: InvokeArgs<N>) => Promise<InvokeResult<N>> };

/** Thrown back to the sender for a message main refuses. */
export class IpcRefusal extends Error {}

const fail = (error: string): ActionResult => ({ ok: false, error });

/** A folder from the config that main may open: absolute, and an existing directory (never a file, which would run). */
export function openableFolder(value: string | null): { ok: true; folder: string } | { ok: false; error: string } {
  if (!value) return { ok: false, error: 'not set in the config' };
  if (!path.isAbsolute(value)) return { ok: false, error: `${value} is not an absolute path` };
  let st: fs.Stats;
  let real: string;
  try {
    st = fs.statSync(value);
    real = fs.realpathSync(value);
  } catch {
    return { ok: false, error: `${value} does not exist` };
  }
  if (!st.isDirectory()) return { ok: false, error: `${value} is not a folder` };
  // A macOS application bundle is a folder that opening runs (through a symlink too).
  if (/\.app$/i.test(real)) return { ok: false, error: `${value} is an application, not a folder` };
  return { ok: true, folder: value };
}

export function createIpcHandlers(deps: IpcDeps): IpcHandlers {
  const config = () => deps.latest()?.config ?? null;
  const openUrl = async (url: URL | null, what: string): Promise<ActionResult> => {
    if (!url) return fail(`no ${what} link in the config that can be opened`);
    await deps.actions.openExternal(url.href);
    return { ok: true };
  };
  return {
    getSnapshot: async () => deps.latest(),
    getHistory: async () => deps.history(),
    openDashboard: async () => openUrl(dashboardUrl(config()), 'dashboard'),
    openCovalentUi: async () => openUrl(covalentUiUrl(config()), 'Covalent UI'),
    copy: async (target) => {
      const value = config()?.[target];
      if (value === null || value === undefined) return fail(`${target} is not set in the config`);
      deps.actions.writeClipboard(String(value));
      return { ok: true };
    },
    openPath: async (target) => {
      const checked = openableFolder(config()?.[target] ?? null);
      if (!checked.ok) return fail(checked.error);
      const error = await deps.actions.openPath(checked.folder);
      return error ? fail(error) : { ok: true };
    },
    getPrefs: async () => deps.prefs.get(),
    setPrefs: async (patch) => deps.prefs.update(patch),
    hidePanel: async () => {
      deps.actions.hidePanel();
      return undefined;
    },
    getLogs: (target) => deps.cluster.logs(target, LOG_LINES),
    // The panel asks only after the user confirmed what will happen (renderer/ClusterActionsBar.tsx).
    restartWorkers: () => deps.cluster.restartWorkers(),
    scaleWorkers: (size) => deps.cluster.scaleWorkers(size),
    openDispatch: async (id) => openUrl(dispatchPageUrl(config(), id), 'Covalent UI'),
  };
}

export interface SenderInfo {
  /** webContents id of the sender. */
  webContentsId: number;
  /** URL of the frame that sent the message. */
  frameUrl: string;
}

/** A message counts only from the panel's own window, top frame, showing the panel's own file. */
export function isTrustedSender(sender: SenderInfo, panel: { webContentsId: number; url: string }): boolean {
  if (sender.webContentsId !== panel.webContentsId) return false;
  try {
    const a = new URL(sender.frameUrl);
    const b = new URL(panel.url);
    return a.protocol === b.protocol && a.host === b.host && a.pathname === b.pathname;
  } catch {
    return false;
  }
}

/** Checks channel and arguments, then runs the handler; refuses anything else with a reason. */
export async function dispatchInvoke(
  handlers: IpcHandlers,
  channel: unknown,
  args: readonly unknown[],
): Promise<unknown> {
  const name = invokeNameOf(channel);
  if (name === null) throw new IpcRefusal(`unknown channel ${JSON.stringify(String(channel).slice(0, 80))}`);
  const checked = ARGUMENT_CHECKS[name](args);
  if (!checked.ok) throw new IpcRefusal(`${String(channel)} ${checked.error}`);
  const handler = handlers[name] as (...a: readonly unknown[]) => Promise<unknown>;
  return handler(...checked.args);
}

/** Every check main makes on a panel message, in order: sender, channel, arguments; then the handler. */
export function handleInvoke(
  handlers: IpcHandlers,
  panel: { webContentsId: number; url: string },
  sender: SenderInfo,
  channel: unknown,
  args: readonly unknown[],
): Promise<unknown> {
  if (!isTrustedSender(sender, panel)) {
    return Promise.reject(new IpcRefusal(`${String(channel).slice(0, 80)}: refused a message from outside the panel`));
  }
  return dispatchInvoke(handlers, channel, args);
}
