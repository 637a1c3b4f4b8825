/** Which file a request to the panel's scheme may have: only files under the panel's folder, on host "panel". */
import path from 'node:path';

export type PanelFile = { ok: true; file: string } | { ok: false; status: 400 | 404 };

export function panelFileFor(requestUrl: string, rendererDir: string): PanelFile {
  const root = path.resolve(rendererDir);
  const url = new URL(requestUrl);
  if (url.host !== 'panel') return { ok: false, status: 404 };
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    // A malformed escape (`%E0%A4%A`): decodeURIComponent throws URIError.
    return { ok: false, status: 400 };
  }
  const file = path.resolve(root, `.${pathname}`);
  if (file !== root && !file.startsWith(root + path.sep)) return { ok: false, status: 404 };
  return { ok: true, file };
}
