/** Desktop notifications; clicking one opens the panel. */
import { Notification } from 'electron';
import type { NotificationText } from './core/notification-text';

export function showNotification(text: NotificationText, onClick: () => void): void {
  if (!Notification.isSupported()) return;
  const n = new Notification({ title: text.title, body: text.body });
  n.on('click', onClick);
  n.show();
}
