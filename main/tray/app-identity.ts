/** Who the app is to the OS: the id its installers stamp, and on which platform the app must claim it. */

/** electron-builder.yml `appId` (tools/electron-builder-config.test.ts checks they agree). */
export const APP_ID = 'io.github.covalent-dask-tray';

/**
 * The AppUserModelID to set before ready, or null where the platform has none. Left unset, Electron
 * makes up "electron.app.<ProductName>" (shell/common/application_info_win.cc:23,54-68) while the
 * NSIS installer stamps its Start Menu shortcut with the appId (app-builder-lib
 * templates/nsis/include/installer.nsh:200), and Windows drops toasts whose id no shortcut carries.
 */
export function appUserModelIdFor(platform: NodeJS.Platform): string | null {
  return platform === 'win32' ? APP_ID : null;
}
