/** Preferences kept as JSON in the app's userData folder. */
import fs from 'node:fs';
import path from 'node:path';
import { DEFAULT_PREFS, type Prefs, validatePrefsPatch } from '../../shared/prefs';

export interface PrefsStore {
  get(): Prefs;
  /** Applies a validated patch, saves it, and returns the new preferences. */
  update(patch: Partial<Prefs>): Prefs;
  onChange(listener: (prefs: Prefs) => void): () => void;
}

/**
 * Preferences kept as JSON in `file` (the app's userData folder). A missing file means defaults;
 * a broken one means defaults and a warning, and is replaced on the next save.
 */
export function createPrefsStore(file: string, warn: (message: string) => void = console.warn): PrefsStore {
  let prefs = load();
  const listeners = new Set<(p: Prefs) => void>();

  function load(): Prefs {
    let text: string;
    try {
      text = fs.readFileSync(file, 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        warn(`preferences: cannot read ${file} (${(err as Error).message}); using defaults`);
      return { ...DEFAULT_PREFS };
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      warn(`preferences: ${file} is not valid JSON; using defaults`);
      return { ...DEFAULT_PREFS };
    }
    const checked = validatePrefsPatch(json);
    if (!checked.ok) {
      warn(`preferences: ${file}: ${checked.error}; using defaults`);
      return { ...DEFAULT_PREFS };
    }
    return { ...DEFAULT_PREFS, ...checked.patch };
  }

  function save() {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a crash mid-write leaves the old file, not half of the new one.
    const tmp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(tmp, `${JSON.stringify(prefs, null, 2)}\n`);
    fs.renameSync(tmp, file);
  }

  return {
    get: () => ({ ...prefs }),
    update(patch) {
      prefs = { ...prefs, ...patch };
      try {
        save();
      } catch (err) {
        warn(`preferences: cannot save ${file} (${(err as Error).message}); kept for this session`);
      }
      for (const l of listeners) l({ ...prefs });
      return { ...prefs };
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
