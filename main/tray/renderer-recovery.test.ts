import { describe, expect, it } from 'vitest';
import { MAX_RELOADS, RELOAD_WINDOW_MS, createRendererRecovery } from './renderer-recovery';

describe('createRendererRecovery', () => {
  it('reloads a renderer that is gone, not while the app quits', () => {
    const r = createRendererRecovery();
    expect(r.gone(0, false)).toBe('reload');
    expect(r.showing(1)).toBe('none');
    expect(createRendererRecovery().gone(0, true)).toBe('none');
  });

  it('stops reloading a renderer that keeps crashing, and tries again when the panel is next shown', () => {
    const r = createRendererRecovery();
    for (let i = 0; i < MAX_RELOADS; i++) expect(r.gone(i * 1000, false)).toBe('reload');
    expect(r.gone(MAX_RELOADS * 1000, false)).toBe('none');
    expect(r.showing(MAX_RELOADS * 1000 + 1)).toBe('none');
    expect(r.showing(RELOAD_WINDOW_MS + 1)).toBe('reload');
    expect(r.showing(RELOAD_WINDOW_MS + 2)).toBe('none');
  });
});
