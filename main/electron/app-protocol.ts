/**
 * Serves the panel from the app's own files under a private scheme, rather than file://, which
 * would let the page read any file (Electron security checklist, "use a custom protocol").
 */
import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { panelFileFor } from '../tray/panel-files';

export const PANEL_SCHEME = 'covalent-dask-tray';
export const PANEL_URL = `${PANEL_SCHEME}://panel/index.html`;

/** Before app ready: the scheme behaves like https (standard, secure) and nothing more. */
export function registerPanelScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: PANEL_SCHEME, privileges: { standard: true, secure: true } }]);
}

/** Answers only files inside `rendererDir` on host "panel" (main/tray/panel-files.ts); else 404, or 400. */
export function servePanelFiles(rendererDir: string): void {
  protocol.handle(PANEL_SCHEME, (request) => {
    const answer = panelFileFor(request.url, rendererDir);
    if (!answer.ok) return new Response(answer.status === 400 ? 'bad request' : 'not found', { status: answer.status });
    return net.fetch(pathToFileURL(answer.file).href);
  });
}
