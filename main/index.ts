/** Electron entry: wires the adapters to the monitoring core. Every decision lives in main/monitor and main/tray. */
import { app } from 'electron';
import os from 'node:os';
import path from 'node:path';
import {
  claimAppUserModelId,
  claimSingleInstance,
  failStartup,
  openPanelOnActivate,
  quitOnSessionEnd,
  relaunchUnderXWayland,
  configureAppLifecycle,
} from './electron/app-lifecycle';
import { registerPanelScheme, servePanelFiles } from './electron/app-protocol';
import { applySecurityPolicy } from './electron/app-security';
import { locateConfig } from './monitor/config/config-path';
import { createIpcHandlers } from './tray/ipc-handlers';
import { createMemoryHistory } from './tray/memory-history';
import { createMonitor } from './monitor/monitor';
import { createPrefsStore } from './tray/prefs-store';
import { createTrayController, monitorSettingsOf } from './tray/tray-controller';
import { registerIpc, sendToPanel } from './electron/ipc';
import { loginItemSupported, readStartAtLogin, setStartAtLogin } from './electron/login-item';
import { showNotification } from './electron/notifications';
import { notificationTarget } from './tray/notification-text';
import { confirmInDialog, showFailure } from './electron/dialogs';
import { createPanelWindow } from './electron/panel-window';
import { electronShellActions } from './electron/shell-actions';
import { installTestHook } from './electron/test-hook';
import { createTrayAdapter } from './electron/tray';

// Built layout: dist/main/index.js beside dist/preload and dist/renderer; icons in dist/icons
// (packaged: in resources/icons, see electron-builder.yml).
const dist = path.resolve(__dirname, '..');
const iconDir = app.isPackaged ? path.join(process.resourcesPath, 'icons') : path.join(dist, 'icons');

registerPanelScheme();
claimAppUserModelId();

let openPanel: () => void = () => undefined;
if (relaunchUnderXWayland()) {
  // The instance started under XWayland takes over.
} else if (!claimSingleInstance(() => openPanel())) {
  app.quit();
} else {
  app.whenReady().then(start).catch(failStartup);
}

function start(): void {
  configureAppLifecycle();
  applySecurityPolicy();
  servePanelFiles(path.join(dist, 'renderer'));

  const prefs = createPrefsStore(path.join(app.getPath('userData'), 'preferences.json'));
  const monitor = createMonitor({
    location: locateConfig(process.env, os.homedir()),
    ...monitorSettingsOf(prefs.get()),
  });
  const history = createMemoryHistory();
  let quitting = false;
  const panel = createPanelWindow(path.join(dist, 'preload'), app.isPackaged, () => quitting);
  const handlers = createIpcHandlers({
    latest: monitor.latest,
    history: history.points,
    prefs,
    actions: electronShellActions(panel.hide),
    cluster: monitor.actions,
  });
  registerIpc(handlers, () => panel.contents.id);

  const tray = createTrayAdapter(
    iconDir,
    () => panel.toggle(tray.tray.getBounds()),
    (action) => void controller.runAction(action),
  );
  openPanel = () => panel.show(tray.tray.getBounds());
  panel.window.on('show', () => controller.panelShown());
  openPanelOnActivate(openPanel);
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
        showNotification(text, {
          onClick: () => {
            const target = notificationTarget(alert);
            if (target.open === 'dispatch') void handlers.openDispatch(target.id);
            else openPanel();
          },
          onFailed: (error) => controller.notificationFailed(text, error),
        });
      },
      sendToPanel: (message) => sendToPanel(panel.contents, message),
      panelVisible: panel.isVisible,
      setStartAtLogin,
      readStartAtLogin,
      showPanel: openPanel,
      quit: () => app.quit(),
      warn: (message) => console.warn(message),
      confirm: confirmInDialog,
      showFailure,
    },
  });
  controller.start();
  const quit = () => {
    if (quitting) return;
    quitting = true;
    controller.stop();
  };
  app.on('before-quit', quit);
  quitOnSessionEnd(panel.window, quit);
}
