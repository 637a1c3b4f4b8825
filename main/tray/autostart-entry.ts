/** The XDG autostart entry that starts the app at login on Linux desktops. */
import { XWAYLAND_FLAG } from './xwayland';

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
