/** The panel: a frameless window created hidden, shown beside the tray icon, hidden on blur and Esc. */
import { BrowserWindow, type Rectangle, type WebContents, screen } from 'electron';
import path from 'node:path';
import { panelJoinsAllSpaces } from '../tray/panel-window-options';
import { createRendererRecovery } from '../tray/renderer-recovery';
import { panelClickAction, placePanel } from '../tray/window-position';
import { PANEL_URL } from './app-protocol';

export const PANEL_SIZE = { width: 380, height: 560 };

export interface PanelWindow {
  window: BrowserWindow;
  /** Taken once: `window.webContents` is null once the window is destroyed (during quit). */
  contents: WebContents;
  isVisible(): boolean;
  /** Shows the panel next to the icon (`trayBounds`), or next to the cursor where there are none. */
  show(trayBounds: Rectangle | null): void;
  hide(): void;
  toggle(trayBounds: Rectangle | null): void;
}

export function createPanelWindow(preloadDir: string, isPackaged: boolean, isQuitting: () => boolean): PanelWindow {
  const window = new BrowserWindow({
    ...PANEL_SIZE,
    show: false,
    frame: false,
    resizable: false,
    movable: false,
    minimizable: false,
    maximizable: false,
    fullscreenable: false,
    skipTaskbar: true,
    alwaysOnTop: true,
    title: 'Covalent Dask',
    webPreferences: {
      preload: path.join(preloadDir, 'index.js'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      spellcheck: false,
      devTools: !isPackaged,
    },
  });
  const contents = window.webContents;
  // The Dock icon is hidden already (app-lifecycle.ts): no process type change here.
  if (panelJoinsAllSpaces(process.platform)) {
    window.setVisibleOnAllWorkspaces(true, { visibleOnFullScreen: true, skipTransformProcessType: true });
  }
  void window.loadURL(PANEL_URL);
  // A crashed renderer leaves the panel blank for the session: load it again (it pulls the
  // snapshot, history and preferences as it connects).
  const recovery = createRendererRecovery();
  contents.on('render-process-gone', (_event, details) => {
    console.warn(`panel renderer gone: ${details.reason} (exit code ${details.exitCode})`);
    if (recovery.gone(Date.now(), isQuitting()) === 'reload' && !contents.isDestroyed()) contents.reload();
  });
  // Closing the panel (Alt+F4, say) only hides it: the tray keeps needing it until the app quits.
  window.on('close', (event) => {
    if (isQuitting()) return;
    event.preventDefault();
    window.hide();
  });
  let hiddenByBlurAt = -Infinity;
  window.on('blur', () => {
    if (!window.isVisible()) return;
    hiddenByBlurAt = Date.now();
    window.hide();
  });
  // Esc is also handled by the page; this keeps it working if the page is stuck.
  contents.on('before-input-event', (_event, input) => {
    if (input.type === 'keyDown' && input.key === 'Escape') window.hide();
  });

  const alive = () => !window.isDestroyed();

  function show(trayBounds: Rectangle | null) {
    if (!alive()) return;
    if (recovery.showing(Date.now()) === 'reload') contents.reload();
    const cursor = screen.getCursorScreenPoint();
    const display =
      trayBounds && trayBounds.width > 0
        ? screen.getDisplayMatching(trayBounds)
        : screen.getDisplayNearestPoint(cursor);
    const at = placePanel({
      platform: process.platform,
      trayBounds,
      cursor,
      display: { bounds: display.bounds, workArea: display.workArea },
      size: PANEL_SIZE,
    });
    window.setPosition(at.x, at.y, false);
    window.show();
    window.focus();
  }

  return {
    window,
    contents,
    isVisible: () => alive() && window.isVisible(),
    show,
    hide: () => {
      if (alive()) window.hide();
    },
    toggle(trayBounds) {
      if (!alive()) return;
      const action = panelClickAction(window.isVisible(), Date.now() - hiddenByBlurAt);
      if (action === 'hide') window.hide();
      else if (action === 'show') show(trayBounds);
    },
  };
}
