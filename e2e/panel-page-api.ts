/**
 * The page side of the browser tests' transport: what preload/panel-api.ts is in Electron, over
 * Playwright bindings instead of ipcRenderer. It is typed as PanelApi, so a change to the preload's
 * API that this does not follow fails `tsc -p e2e`.
 */
import type { EventChannel, EventContract, InvokeArgs, InvokeChannel, InvokeResult } from '../main/core/ipc-contract';
import type { Prefs } from '../main/core/prefs';
import type { PanelApi } from '../preload/panel-api';

/** Global names in the page: the API the panel reads, the binding to main, and the test's push hook. */
export interface PageApiNames {
  bridge: string;
  invoke: string;
  emit: string;
}

/** The test's push into the page, the counterpart of webContents.send. */
type PageEmit = <C extends EventChannel>(channel: C, payload: EventContract[C]) => void;

/**
 * Installs PanelApi under `names.bridge` before the panel's scripts run (page.addInitScript).
 * Playwright sends this function's source text to the page: it must use nothing from outside it.
 */
export function installPanelApi(names: PageApiNames): void {
  const globals = window as unknown as Record<string, unknown>;

  function invoke<C extends InvokeChannel>(channel: C, ...args: InvokeArgs<C>): Promise<InvokeResult<C>> {
    // Looked up per call: Playwright may install its binding after this script.
    const send = globals[names.invoke] as (channel: string, args: unknown[]) => Promise<unknown>;
    return send(channel, args) as Promise<InvokeResult<C>>;
  }

  const listeners: { [C in EventChannel]: Set<(payload: EventContract[C]) => void> } = {
    'covalent-dask-tray:snapshot': new Set(),
    'covalent-dask-tray:prefs': new Set(),
  };

  function subscribe<C extends EventChannel>(channel: C, callback: (payload: EventContract[C]) => void): () => void {
    const set: Set<(payload: EventContract[C]) => void> = listeners[channel];
    set.add(callback);
    return () => {
      set.delete(callback);
    };
  }

  const api: PanelApi = {
    getSnapshot: () => invoke('covalent-dask-tray:get-snapshot'),
    getHistory: () => invoke('covalent-dask-tray:get-history'),
    onSnapshot: (callback) => subscribe('covalent-dask-tray:snapshot', callback),
    openDashboard: () => invoke('covalent-dask-tray:open-dashboard'),
    openCovalentUi: () => invoke('covalent-dask-tray:open-covalent-ui'),
    copy: (target) => invoke('covalent-dask-tray:copy', target),
    openPath: (target) => invoke('covalent-dask-tray:open-path', target),
    getPrefs: () => invoke('covalent-dask-tray:get-prefs'),
    setPrefs: (patch: Partial<Prefs>) => invoke('covalent-dask-tray:set-prefs', patch),
    onPrefs: (callback) => subscribe('covalent-dask-tray:prefs', callback),
    hidePanel: () => invoke('covalent-dask-tray:hide-panel'),
  };

  const emit: PageEmit = (channel, payload) => {
    const set: Set<(p: typeof payload) => void> = listeners[channel];
    for (const listener of set) listener(payload);
  };

  // Frozen and read-only, as contextBridge hands it over.
  Object.defineProperty(window, names.bridge, { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(window, names.emit, { value: emit });
}
