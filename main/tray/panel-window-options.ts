/** How the panel window behaves per platform, beyond where it opens (window-position.ts). */

/**
 * On macOS the panel joins every Space, full-screen apps' included: opened from the menu bar over a
 * full-screen app it would otherwise show on another Space. Joining is NSWindowCollectionBehavior
 * CanJoinAllSpaces and FullScreenAuxiliary (electron shell/browser/native_window_mac.mm:1336-1354).
 */
export function panelJoinsAllSpaces(platform: NodeJS.Platform): boolean {
  return platform === 'darwin';
}

/**
 * On macOS relaunching the running app (Finder, Spotlight) gives no 'second-instance' but an
 * 'activate' (applicationShouldHandleReopen: shell/browser/mac/electron_application_delegate.mm:127-130):
 * it opens the panel, as a second launch does elsewhere.
 */
export function opensPanelOnActivate(platform: NodeJS.Platform): boolean {
  return platform === 'darwin';
}

/**
 * On Windows, a shutdown or logoff closes windows without 'before-quit' (electron docs/api/app.md,
 * "before-quit"); the panel, which only hides on close, must then let itself be closed.
 */
export function quitsOnSessionEnd(platform: NodeJS.Platform): boolean {
  return platform === 'win32';
}
