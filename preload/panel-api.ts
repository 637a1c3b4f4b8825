/**
 * The panel's whole view of main: one function per action, `onX(cb)` subscriptions that return an
 * unsubscribe, and no raw ipcRenderer. PanelApi is derived from this object, never written twice.
 */
import { type IpcRendererEvent, ipcRenderer } from 'electron';
import type { CopyTarget, EventChannel, EventContract, InvokeArgs, InvokeChannel, InvokeResult, PathTarget } from '../main/core/ipc-contract';
import type { Prefs } from '../main/core/prefs';

function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
  return ipcRenderer.invoke(channel, ...args) as Promise<InvokeResult<C>>;
}

function subscribe<C extends EventChannel>(channel: C, callback: (payload: EventContract[C]) => void): () => void {
  const listener = (_event: IpcRendererEvent, payload: EventContract[C]) => callback(payload);
  ipcRenderer.on(channel, listener);
  return () => {
    ipcRenderer.removeListener(channel, listener);
  };
}

export const panelApi = {
  getSnapshot: () => invoke('covalent-dask-tray:get-snapshot'),
  getHistory: () => invoke('covalent-dask-tray:get-history'),
  onSnapshot: (callback: (snapshot: EventContract['covalent-dask-tray:snapshot']) => void) => subscribe('covalent-dask-tray:snapshot', callback),
  openDashboard: () => invoke('covalent-dask-tray:open-dashboard'),
  openCovalentUi: () => invoke('covalent-dask-tray:open-covalent-ui'),
  copy: (target: CopyTarget) => invoke('covalent-dask-tray:copy', target),
  openPath: (target: PathTarget) => invoke('covalent-dask-tray:open-path', target),
  getPrefs: () => invoke('covalent-dask-tray:get-prefs'),
  setPrefs: (patch: Partial<Prefs>) => invoke('covalent-dask-tray:set-prefs', patch),
  onPrefs: (callback: (prefs: Prefs) => void) => subscribe('covalent-dask-tray:prefs', callback),
  hidePanel: () => invoke('covalent-dask-tray:hide-panel'),
};

export type PanelApi = typeof panelApi;
