/** Desktop notifications; clicking one opens the panel. */
import { Notification } from 'electron';
import type { NotificationText } from '../tray/notification-text';

// Held until dismissed: a notification that is garbage-collected no longer reports its click
// (electron/electron#16922).
const shown = new Set<Notification>();

export function showNotification(text: NotificationText, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: text.title, body: text.body });
  shown.add(n);
  n.on('click', () => {
    shown.delete(n);
    onClick();
  });
  n.on('close', () => shown.delete(n));
  n.show();
}
