/** The XDG autostart entry that starts the app at login on Linux desktops. */
import { XWAYLAND_FLAG } from './xwayland';

/** Where the entry lives: $XDG_CONFIG_HOME/autostart, else ~/.config/autostart (XDG Autostart spec). */
export function autostartFile(env: NodeJS.ProcessEnv, home: string): string {
  const config = env.XDG_CONFIG_HOME || `${home}/.config`;
  return `${config}/autostart/covalent-dask-tray.desktop`;
}

/** Desktop Entry Exec quoting: the path in double quotes, with ", `, $ and \ escaped. */
export function quoteExec(file: string): string {
  return `"${file.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartDesktopEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Covalent Dask Tray',
    'Comment=Menu-bar monitor for the Dask cluster behind Covalent',
    // Under XWayland from the start, rather than relaunching into it (see xwayland.ts).
    `Exec=${quoteExec(executable)} ${XWAYLAND_FLAG}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
