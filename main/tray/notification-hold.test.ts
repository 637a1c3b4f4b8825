import { describe, expect, it } from 'vitest';
import { MAX_HELD_NOTIFICATIONS, holdNewest, release } from './notification-hold';

describe('holding shown notifications', () => {
  it('keeps the newest, never more than the bound, however many are shown and never closed', () => {
    let held: number[] = [];
    for (let i = 0; i < 1000; i++) held = holdNewest(held, i);
    expect(held).toHaveLength(MAX_HELD_NOTIFICATIONS);
    expect(held.at(-1)).toBe(999);
    expect(held[0]).toBe(1000 - MAX_HELD_NOTIFICATIONS);
  });

  it('lets go of one that closed, clicked or failed', () => {
    expect(release([1, 2, 3], 2)).toEqual([1, 3]);
    expect(release([1, 3], 2)).toEqual([1, 3]);
  });
});
