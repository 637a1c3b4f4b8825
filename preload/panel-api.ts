/**
 * The panel's whole view of main: PanelApi (shared/ipc-contract.ts, derived from the contract)
 * over ipcRenderer — one function per request, `onX(cb)` subscriptions that return an
 * unsubscribe, and no raw ipcRenderer.
 */
import { type IpcRendererEvent, ipcRenderer } from 'electron';
import {
  EVENT_CHANNELS,
  type EventContract,
  type EventName,
  INVOKE_CHANNELS,
  type InvokeArgs,
  type InvokeName,
  type InvokeResult,
  type PanelApi,
} from '../shared/ipc-contract';

function invoke<N extends InvokeName>(name: N, ...args: InvokeArgs<N>): Promise<InvokeResult<N>> {
  return ipcRenderer.invoke(INVOKE_CHANNELS[name], ...args) as Promise<InvokeResult<N>>;
}

function subscribe<E extends EventName>(name: E, callback: (payload: EventContract[E]) => void): () => void {
  const listener = (_event: IpcRendererEvent, payload: EventContract[E]) => callback(payload);
  ipcRenderer.on(EVENT_CHANNELS[name], listener);
  return () => {
    ipcRenderer.removeListener(EVENT_CHANNELS[name], listener);
  };
}

export const panelApi: PanelApi = {
  getSnapshot: () => invoke('getSnapshot'),
  getHistory: () => invoke('getHistory'),
  openDashboard: () => invoke('openDashboard'),
  openCovalentUi: () => invoke('openCovalentUi'),
  copy: (target) => invoke('copy', target),
  openPath: (target) => invoke('openPath', target),
  getPrefs: () => invoke('getPrefs'),
  setPrefs: (patch) => invoke('setPrefs', patch),
  hidePanel: () => invoke('hidePanel'),
  getLogs: (target) => invoke('getLogs', target),
  restartWorkers: () => invoke('restartWorkers'),
  scaleWorkers: (size) => invoke('scaleWorkers', size),
  openDispatch: (id) => invoke('openDispatch', id),
  onSnapshot: (callback) => subscribe('snapshot', callback),
  onPrefs: (callback) => subscribe('prefs', callback),
  onHistory: (callback) => subscribe('history', callback),
};
