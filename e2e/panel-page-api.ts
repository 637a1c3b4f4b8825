/**
 * The page side of the browser tests' transport: what preload/panel-api.ts is in Electron, over
 * Playwright bindings instead of ipcRenderer. It is typed as PanelApi, so a change to the contract
 * that this does not follow fails `tsc -p e2e`.
 */
import type {
  EventContract,
  EventName,
  INVOKE_CHANNELS,
  InvokeArgs,
  InvokeName,
  InvokeResult,
  PanelApi,
} from '../shared/ipc-contract';

/** What the page side is given: global names in the page, and the contract's channels. */
export interface PageApiSetup {
  /** The API the panel reads. */
  bridge: string;
  /** The binding to main. */
  invoke: string;
  /** The test's push hook, the counterpart of webContents.send. */
  emit: string;
  channels: typeof INVOKE_CHANNELS;
}

/** The test's push into the page, by event name. */
export type PageEmit = <E extends EventName>(name: E, payload: EventContract[E]) => void;

/**
 * Installs PanelApi under `setup.bridge` before the panel's scripts run (page.addInitScript).
 * Playwright sends this function's source text to the page: it must use nothing from outside it.
 */
export function installPanelApi(setup: PageApiSetup): void {
  const globals = window as unknown as Record<string, unknown>;

  function invoke<N extends InvokeName>(name: N, ...args: InvokeArgs<N>): Promise<InvokeResult<N>> {
    // Looked up per call: Playwright may install its binding after this script.
    const send = globals[setup.invoke] as (channel: string, args: unknown[]) => Promise<unknown>;
    return send(setup.channels[name], args) as Promise<InvokeResult<N>>;
  }

  const listeners: { [E in EventName]: Set<(payload: EventContract[E]) => void> } = {
    snapshot: new Set(),
    prefs: new Set(),
    history: new Set(),
  };

  function subscribe<E extends EventName>(name: E, callback: (payload: EventContract[E]) => void): () => void {
    const set: Set<(payload: EventContract[E]) => void> = listeners[name];
    set.add(callback);
    return () => {
      set.delete(callback);
    };
  }

  const api: PanelApi = {
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

  const emit: PageEmit = (name, payload) => {
    const set: Set<(p: typeof payload) => void> = listeners[name];
    for (const listener of set) listener(payload);
  };

  // Frozen and read-only, as contextBridge hands it over.
  Object.defineProperty(window, setup.bridge, { value: Object.freeze(api), enumerable: true });
  Object.defineProperty(window, setup.emit, { value: emit });
}
