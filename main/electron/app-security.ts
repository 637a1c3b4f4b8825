/**
 * App-wide guards from Electron's security checklist: no navigation, no new windows, no webviews,
 * no permissions, whatever the page asks.
 */
import { app, session } from 'electron';

export function applySecurityPolicy(): void {
  // Deny every permission (camera, notifications from the page, geolocation, …): the panel needs none.
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event) => event.preventDefault());
    contents.on('will-redirect', (event) => event.preventDefault());
    contents.on('will-attach-webview', (event) => event.preventDefault());
    contents.setWindowOpenHandler(() => ({ action: 'deny' }));
  });
}
