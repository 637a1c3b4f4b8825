import { describe, expect, it } from 'vitest';
import type { MemoryPoint } from '../../shared/memory-point';
import { DEFAULT_PREFS } from '../../shared/prefs';
import { emptySnapshot } from '../../testing/fixtures';
import { messagesOnPrefs, messagesOnShow, messagesOnSnapshot } from './panel-feed';

const s = emptySnapshot({});
const points: MemoryPoint[] = [{ t: 1, bytes: 2 }];

describe('panel feed', () => {
  it('sends a snapshot only while the panel is visible', () => {
    expect(messagesOnSnapshot(s, true)).toEqual([{ name: 'snapshot', payload: s }]);
    expect(messagesOnSnapshot(s, false)).toEqual([]);
  });

  it('on show sends the history, then the latest snapshot (if any)', () => {
    expect(messagesOnShow(s, points)).toEqual([
      { name: 'history', payload: points },
      { name: 'snapshot', payload: s },
    ]);
    expect(messagesOnShow(null, [])).toEqual([{ name: 'history', payload: [] }]);
  });

  it('always sends preferences', () => {
    expect(messagesOnPrefs(DEFAULT_PREFS)).toEqual([{ name: 'prefs', payload: DEFAULT_PREFS }]);
  });
});
