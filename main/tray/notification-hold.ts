/**
 * Which shown notifications the app keeps a reference to. A notification that is garbage-collected
 * no longer reports its click (electron/electron#16922), but 'close' is not guaranteed (electron
 * docs/api/notification.md:250; on macOS a banner that times out into Notification Center emits
 * nothing), so holding each until it closes would grow without end: the newest few are held.
 */

export const MAX_HELD_NOTIFICATIONS = 10;

/** `held` with `item` added last, the oldest let go past `max`. */
export function holdNewest<T>(held: readonly T[], item: T, max = MAX_HELD_NOTIFICATIONS): T[] {
  return [...held, item].slice(-max);
}

/** `held` without `item` (it was clicked, closed or failed). */
export function release<T>(held: readonly T[], item: T): T[] {
  return held.filter((h) => h !== item);
}
