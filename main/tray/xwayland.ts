/**
 * Linux under Wayland: the app runs under XWayland. Since Electron 38 it runs natively in a Wayland
 * session (electron docs/breaking-changes.md:633-640), where a window cannot be placed or focused
 * without user input, alwaysOnTop is unsupported and getCursorScreenPoint() is (0,0)
 * (shell/browser/api/electron_api_screen.cc:93-97): the panel would open anywhere and might never
 * hide on blur. The platform is chosen before the app's script runs (electron_main_delegate.cc:
 * 320-326), so `app.commandLine.appendSwitch` is too late: only the command line counts.
 */

export const XWAYLAND_FLAG = '--ozone-platform=x11';

export interface LaunchContext {
  platform: NodeJS.Platform;
  env: NodeJS.ProcessEnv;
  /** process.argv: the executable, then its arguments. */
  argv: readonly string[];
}

/** How to start again under XWayland (app.relaunch's options), or null to run on as started. */
export function xwaylandRelaunch({ platform, env, argv }: LaunchContext): { execPath?: string; args: string[] } | null {
  if (platform !== 'linux') return null;
  const wayland = env.XDG_SESSION_TYPE === 'wayland' || !!env.WAYLAND_DISPLAY;
  // No DISPLAY: no XWayland to run under, so native Wayland it is.
  if (!wayland || !env.DISPLAY) return null;
  // A platform chosen on the command line (ours from the .desktop entry, or a user's
  // --ozone-platform=wayland) is kept; this also ends the relaunch.
  if (argv.slice(1).some((a) => a.startsWith('--ozone-platform'))) return null;
  const args = [...argv.slice(1), XWAYLAND_FLAG];
  // An AppImage runs from a mount that goes when this process exits: relaunch the image itself
  // (its AppRun does not pass the .desktop entry's arguments: app-builder-lib appImageUtil.js:226-234).
  return env.APPIMAGE ? { execPath: env.APPIMAGE, args } : { args };
}
