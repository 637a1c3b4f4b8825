/**
 * What a gesture on the tray icon does, per platform (passed in, so each is testable anywhere):
 * the adapter attaches the menu where the OS should open it, and asks here what a click means.
 */

export type TrayGesture = 'click' | 'right-click';
export type TrayGestureAction = 'toggle-panel' | 'pop-up-menu' | 'none';

/**
 * Whether the menu is attached to the icon (tray.setContextMenu). Not on macOS: there one left click
 * on an icon with a menu emits 'click' and then pops the menu over the panel it opened
 * (electron shell/browser/ui/tray_icon_cocoa.mm:229-231, mouseDown). On Linux the menu must be
 * attached (a StatusNotifierItem host may never send a click); on Windows a right click then opens it.
 */
export function attachesMenu(platform: NodeJS.Platform): boolean {
  return platform !== 'darwin';
}

/** What a gesture does. `ctrlKey`: on macOS a Control-click is the one-button right click. */
export function trayGestureAction(
  platform: NodeJS.Platform,
  gesture: TrayGesture,
  modifiers: { ctrlKey?: boolean } = {},
): TrayGestureAction {
  if (platform === 'darwin') {
    // The menu is not attached there, so it is ours to open (tray_icon_cocoa.mm:282-286, rightMouseUp).
    return gesture === 'right-click' || modifiers.ctrlKey ? 'pop-up-menu' : 'toggle-panel';
  }
  // Windows opens the attached menu itself on a right click and emits no 'right-click' then
  // (shell/browser/ui/win/notify_icon.cc:71-92); Linux emits none at all (docs/api/tray.md).
  return gesture === 'click' ? 'toggle-panel' : 'none';
}
