import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEFAULT_PREFS, validatePrefsPatch } from '../../shared/prefs';
import { createPrefsStore } from './prefs-store';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'prefs-'));
  file = path.join(dir, 'sub', 'preferences.json');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

describe('createPrefsStore', () => {
  it('starts from the defaults, saves changes, and reads them back', () => {
    const warnings: string[] = [];
    const a = createPrefsStore(file, (m) => warnings.push(m));
    expect(a.get()).toEqual(DEFAULT_PREFS);
    a.update({ intervalSeconds: 2, notifications: false });
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({
      ...DEFAULT_PREFS,
      intervalSeconds: 2,
      notifications: false,
    });
    expect(createPrefsStore(file).get().intervalSeconds).toBe(2);
    expect(warnings).toEqual([]);
  });

  it.each([
    ['not JSON', '{"intervalSeconds": 2', /not valid JSON/],
    ['a wrong value', '{"intervalSeconds": -1}', /intervalSeconds must be a number from 0.5 to 60/],
    ['an array', '[]', /must be an object/],
  ])('falls back to the defaults with a warning for %s', (_what, text, warning) => {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    const warnings: string[] = [];
    expect(createPrefsStore(file, (m) => warnings.push(m)).get()).toEqual(DEFAULT_PREFS);
    expect(warnings[0]).toMatch(warning);
  });

  it('tells listeners about changes', () => {
    const store = createPrefsStore(file);
    const seen: boolean[] = [];
    store.onChange((p) => seen.push(p.notifications));
    store.update({ notifications: false });
    expect(seen).toEqual([false]);
  });
});

describe('validatePrefsPatch', () => {
  it('refuses unknown keys and wrong types', () => {
    expect(validatePrefsPatch({ alertFraction: 0.99 })).toEqual({
      ok: false,
      error: 'alertFraction must be a number from 0.5 to 0.94',
    });
    expect(validatePrefsPatch({ notifications: 'yes' })).toEqual({
      ok: false,
      error: 'notifications must be true or false',
    });
    expect(validatePrefsPatch({ theme: 'dark' })).toEqual({ ok: false, error: 'unknown preference "theme"' });
    expect(validatePrefsPatch({ alertFraction: 0.7 })).toEqual({ ok: true, patch: { alertFraction: 0.7 } });
  });
});
