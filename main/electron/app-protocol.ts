/**
 * Serves the panel from the app's own files under a private scheme, rather than file://, which
 * would let the page read any file (Electron security checklist, "use a custom protocol").
 */
import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const PANEL_SCHEME = 'covalent-dask-tray';
export const PANEL_URL = `${PANEL_SCHEME}://panel/index.html`;

/** Before app ready: the scheme behaves like https (standard, secure) and nothing more. */
export function registerPanelScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: PANEL_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Answers only files inside `rendererDir` on host "panel"; everything else is a 404. */
export function servePanelFiles(rendererDir: string): void {
  const root = path.resolve(rendererDir);
  protocol.handle(PANEL_SCHEME, (request) => {
    const url = new URL(request.url);
    const file = path.resolve(root, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== 'panel' || (file !== root && !file.startsWith(root + path.sep))) {
      return new Response('not found', { status: 404 });
    }
    return net.fetch(pathToFileURL(file).href);
  });
}
