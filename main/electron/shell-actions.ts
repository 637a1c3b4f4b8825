/** The OS actions the IPC handlers may take, done by Electron's shell and clipboard. */
import { clipboard, shell } from 'electron';
import type { ShellActions } from '../tray/ipc-handlers';

export function electronShellActions(hidePanel: () => void): ShellActions {
  return {
    // Only ever called with a URL the core took from the config and checked (http/https).
    openExternal: (url) => shell.openExternal(url),
    openPath: (folder) => shell.openPath(folder),
    writeClipboard: (text) => clipboard.writeText(text),
    hidePanel,
  };
}
