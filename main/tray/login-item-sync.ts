/**
 * Start at Login against the OS. The user can change the OS setting behind the app's back (System
 * Settings, Task Manager, deleting the autostart file), so at start the OS's answer wins over the
 * saved preference; after that the OS is told only when the preference itself changes.
 */

/**
 * Electron's login items are macOS and Windows only; on Linux setLoginItemSettings does nothing and
 * getLoginItemSettings answers defaults (shell/browser/browser_linux.cc), so an XDG autostart entry it is.
 */
export function loginItemMechanism(platform: NodeJS.Platform): 'electron' | 'xdg-autostart' {
  return platform === 'darwin' || platform === 'win32' ? 'electron' : 'xdg-autostart';
}

/** The preference to record at start, or null to leave it; `os` null: the OS could not say. */
export function reconcileStartAtLogin(saved: boolean, os: boolean | null): boolean | null {
  return os === null || os === saved ? null : os;
}

/** What to tell the OS after a preference change, or null when Start at Login did not change. */
export function startAtLoginToApply(applied: boolean, wanted: boolean): boolean | null {
  return wanted === applied ? null : wanted;
}
