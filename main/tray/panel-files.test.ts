import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { panelFileFor } from './panel-files';

const root = path.resolve('/app/dist/renderer');

describe('panelFileFor', () => {
  it('answers files under the panel folder', () => {
    expect(panelFileFor('covalent-dask-tray://panel/index.html', root)).toEqual({
      ok: true,
      file: path.join(root, 'index.html'),
    });
    expect(panelFileFor('covalent-dask-tray://panel/a%20b.css', root)).toEqual({
      ok: true,
      file: path.join(root, 'a b.css'),
    });
  });

  it('refuses another host, a way out of the folder, and a malformed escape', () => {
    expect(panelFileFor('covalent-dask-tray://other/index.html', root)).toEqual({ ok: false, status: 404 });
    // The URL parser already folds %2e%2e segments away: this stays inside.
    expect(panelFileFor('covalent-dask-tray://panel/%2e%2e/%2e%2e/etc/passwd', root)).toEqual({
      ok: true,
      file: path.join(root, 'etc', 'passwd'),
    });
    expect(panelFileFor('covalent-dask-tray://panel/..%2F..%2Fmain%2Findex.js', root)).toEqual({
      ok: false,
      status: 404,
    });
    expect(panelFileFor('covalent-dask-tray://panel/%E0%A4%A', root)).toEqual({ ok: false, status: 400 });
  });
});
