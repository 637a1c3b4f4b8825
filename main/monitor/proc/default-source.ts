/** The one place the process source is chosen for the platform. */
import fs from 'node:fs';
import type { ProcessSource } from './process-source';
import { createProcfsSource } from './procfs-source';
import { createPsSource } from './ps-source';
import { createSiSource } from './si-source';
import { createWinSource } from './win-source';

/**
 * /proc on Linux, `ps` for the watched pids on macOS, @vscode/windows-process-tree on Windows.
 * systeminformation (every process on the machine, each sample) is the last resort: Windows where
 * the native library cannot load (it ships an x64 binary only), and any other platform.
 */
export function defaultProcessSource(platform: NodeJS.Platform = process.platform): ProcessSource {
  if (platform === 'linux' && fs.existsSync('/proc/self/stat')) return createProcfsSource();
  if (platform === 'darwin') return createPsSource({ flavour: 'darwin' });
  if (platform === 'win32') {
    try {
      return createWinSource();
    } catch (err) {
      console.warn(
        `covalent-dask-tray: @vscode/windows-process-tree did not load (${(err as Error).message}); listing every process with systeminformation instead`,
      );
    }
  }
  return createSiSource();
}
