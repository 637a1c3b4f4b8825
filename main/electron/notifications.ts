/** Desktop notifications; clicking one opens the panel; one the OS refuses is reported back. */
import { Notification } from 'electron';
import { holdNewest, release } from '../tray/notification-hold';
import type { NotificationText } from '../tray/notification-text';

let held: Notification[] = [];

export interface NotificationEvents {
  onClick(): void;
  /** The OS would not show it: unsigned macOS builds emit 'failed' (docs/api/notification.md:11-15). */
  onFailed(error: string): void;
}

export function showNotification(text: NotificationText, events: NotificationEvents): void {
  if (!Notification.isSupported()) {
    events.onFailed('notifications are not supported here');
    return;
  }
  const n = new Notification({ title: text.title, body: text.body });
  held = holdNewest(held, n);
  n.on('click', () => {
    held = release(held, n);
    events.onClick();
  });
  n.on('close', () => {
    held = release(held, n);
  });
  n.on('failed', (_event, error) => {
    held = release(held, n);
    events.onFailed(error);
  });
  n.show();
}
