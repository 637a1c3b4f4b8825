import { describe, expect, it } from 'vitest';
import { opensPanelOnActivate, panelJoinsAllSpaces, quitsOnSessionEnd } from './panel-window-options';

describe('panel window options per platform', () => {
  it('joins all Spaces and opens on activate on macOS only; quits on session end on Windows only', () => {
    expect(['darwin', 'win32', 'linux'].map((p) => panelJoinsAllSpaces(p as NodeJS.Platform))).toEqual([
      true,
      false,
      false,
    ]);
    expect(['darwin', 'win32', 'linux'].map((p) => opensPanelOnActivate(p as NodeJS.Platform))).toEqual([
      true,
      false,
      false,
    ]);
    expect(['darwin', 'win32', 'linux'].map((p) => quitsOnSessionEnd(p as NodeJS.Platform))).toEqual([
      false,
      true,
      false,
    ]);
  });
});
