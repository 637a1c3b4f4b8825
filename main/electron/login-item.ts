/**
 * Start at login: the OS setting on macOS and Windows; on Linux an XDG autostart entry, which
 * Electron's login items do not cover (main/tray/login-item-sync.ts).
 */
import { app } from 'electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { autostartDesktopEntry, autostartFile } from '../tray/autostart-entry';
import { loginItemMechanism } from '../tray/login-item-sync';

export function loginItemSupported(): boolean {
  // From a checkout, the binary is Electron itself: a login item would start a bare Electron.
  return app.isPackaged;
}

/** Whether the app starts at login now, as the OS has it. */
export function readStartAtLogin(): boolean {
  if (loginItemMechanism(process.platform) === 'electron') return app.getLoginItemSettings().openAtLogin;
  return fs.existsSync(autostartFile(process.env, os.homedir()));
}

export function setStartAtLogin(on: boolean): void {
  if (loginItemMechanism(process.platform) === 'electron') {
    app.setLoginItemSettings({ openAtLogin: on });
    return;
  }
  const file = autostartFile(process.env, os.homedir());
  if (!on) {
    fs.rmSync(file, { force: true });
    return;
  }
  fs.mkdirSync(path.dirname(file), { recursive: true });
  // An AppImage runs from a temporary mount: start the image itself, which $APPIMAGE names.
  fs.writeFileSync(file, autostartDesktopEntry(process.env.APPIMAGE || process.execPath));
}
