/**
 * Start at login: the OS setting on macOS and Windows; on Linux an XDG autostart entry, which
 * Electron's setLoginItemSettings does not cover.
 */
import { app } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { autostartDesktopEntry } from '../tray/autostart-entry';

export function loginItemSupported(): boolean {
  // From a checkout, the binary is Electron itself: a login item would start a bare Electron.
  return app.isPackaged;
}

export function setStartAtLogin(on: boolean): void {
  if (process.platform !== 'linux') {
    app.setLoginItemSettings({ openAtLogin: on });
    return;
  }
  const dir = path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'autostart');
  const file = path.join(dir, 'covalent-dask-tray.desktop');
  if (!on) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(dir, { recursive: true });
  // An AppImage runs from a temporary mount: start the image itself, which $APPIMAGE names.
  fs.writeFileSync(file, autostartDesktopEntry(process.env.APPIMAGE || process.execPath));
}
