/** Electron entry: wires the adapters to the monitoring core. Every decision lives in main/core. */
import { app } from 'electron';
import os from 'node:os';
import path from 'node:path';
import { applyUserDataDir, claimSingleInstance, configureAppLifecycle } from './app-lifecycle';
import { registerPanelScheme, servePanelFiles } from './app-protocol';
import { applySecurityPolicy } from './app-security';
import { locateConfig } from './core/config/config-path';
import { createIpcHandlers } from './core/ipc-handlers';
import { createMemoryHistory } from './core/memory-history';
import { createMonitor } from './core/monitor';
import { createPrefsStore } from './core/prefs-store';
import { createTrayController, monitorSettingsOf } from './core/tray-controller';
import { registerIpc, sendToPanel } from './ipc';
import { loginItemSupported, setStartAtLogin } from './login-item';
import { showNotification } from './notifications';
import { createPanelWindow } from './panel-window';
import { electronShellActions } from './shell-actions';
import { installTestHook } from './test-hook';
import { createTrayAdapter } from './tray';

// Built layout: dist/main/index.js beside dist/preload and dist/renderer; icons in dist/icons
// (packaged: in resources/icons, see electron-builder.yml).
const dist = path.resolve(__dirname, '..');
const iconDir = app.isPackaged ? path.join(process.resourcesPath, 'icons') : path.join(dist, 'icons');

registerPanelScheme();
applyUserDataDir(process.argv);

let openPanel: () => void = () => undefined;
if (!claimSingleInstance(() => openPanel())) {
  app.quit();
} else {
  void app.whenReady().then(start);
}

function start(): void {
  configureAppLifecycle();
  applySecurityPolicy();
  servePanelFiles(path.join(dist, 'renderer'));

  const prefs = createPrefsStore(path.join(app.getPath('userData'), 'preferences.json'));
  const monitor = createMonitor({ location: locateConfig(process.env, os.homedir()), ...monitorSettingsOf(prefs.get()) });
  const history = createMemoryHistory();
  let quitting = false;
  const panel = createPanelWindow(path.join(dist, 'preload'), app.isPackaged, () => quitting);
  const handlers = createIpcHandlers({ latest: monitor.latest, history: history.points, prefs, actions: electronShellActions(panel.hide) });
  registerIpc(handlers, () => panel.window.webContents.id);

  const tray = createTrayAdapter(iconDir, () => panel.toggle(tray.tray.getBounds()), (action) => void controller.runAction(action));
  openPanel = () => panel.show(tray.tray.getBounds());
  const hook = installTestHook(tray.tray, panel, monitor.latest);

  const controller = createTrayController({
    monitor,
    prefs,
    history,
    handlers,
    loginItemSupported: loginItemSupported(),
    shell: {
      setIcon: tray.setIcon,
      setTooltip: tray.setTooltip,
      setMenu: tray.setMenu,
      notify: (text, alert) => {
        hook?.notifications.push({ text, alert });
        showNotification(text, openPanel);
      },
      sendSnapshot: (s) => sendToPanel(panel.window.webContents, 'covalent-dask-tray:snapshot', s),
      sendPrefs: (p) => sendToPanel(panel.window.webContents, 'covalent-dask-tray:prefs', p),
      setStartAtLogin,
      showPanel: openPanel,
      quit: () => app.quit(),
    },
  });
  controller.start();
  app.on('before-quit', () => {
    quitting = true;
    controller.stop();
  });
}
