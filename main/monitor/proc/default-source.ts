/** The one place the process source is chosen for the platform. */
import fs from 'node:fs';
import type { ProcessSource } from './process-source';
import { createProcfsSource } from './procfs-source';
import { createSiSource } from './si-source';

/** /proc where there is one (Linux), systeminformation elsewhere. */
export function defaultProcessSource(): ProcessSource {
  if (process.platform === 'linux' && fs.existsSync('/proc/self/stat')) return createProcfsSource();
  return createSiSource();
}
