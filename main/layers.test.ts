/**
 * The layers, checked on every source: what each folder may import. The core (shared/,
 * main/monitor/, main/tray/, main/cli/) runs under plain Node (CLI, tests, benchmark) and never
 * imports Electron; the panel and the preload reach only shared/ and their own folder. Tests and
 * test helpers (`*.test.*`, `testing/` folders) may reach anything.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = path.resolve(__dirname, '..');

interface Layer {
  /** Folders (from the checkout's root) whose modules this layer may import. */
  folders: string[];
  /** Packages it may import; `node:` built-ins where `node` is set. */
  packages: string[];
  node: boolean;
}

const LAYERS: Record<string, Layer> = {
  shared: { folders: ['shared'], packages: [], node: false },
  'main/monitor': {
    folders: ['shared', 'main/monitor'],
    packages: ['toml', 'systeminformation', '@msgpack/msgpack', '@vscode/windows-process-tree'],
    node: true,
  },
  'main/tray': { folders: ['shared', 'main/monitor', 'main/tray'], packages: [], node: true },
  'main/cli': { folders: ['shared', 'main/monitor', 'main/tray', 'main/cli'], packages: [], node: true },
  'main/electron': {
    folders: ['shared', 'main/monitor', 'main/tray', 'main/electron'],
    packages: ['electron'],
    node: true,
  },
  preload: { folders: ['shared', 'preload'], packages: ['electron'], node: false },
  renderer: { folders: ['shared', 'renderer'], packages: ['preact', 'preact/hooks', '@preact/signals'], node: false },
};
/** The layers that must never import Electron. */
const ELECTRON_FREE = ['shared', 'main/monitor', 'main/tray', 'main/cli'];

const IMPORT =
  /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
}

const isTestCode = (file: string) => /\.test\.tsx?$/.test(file) || file.split(path.sep).includes('testing');
const within = (file: string, folder: string) => file.startsWith(path.join(ROOT, folder) + path.sep);

describe('layers', () => {
  for (const [layer, rule] of Object.entries(LAYERS)) {
    const files = sources(path.join(ROOT, layer));
    const production = files.filter((f) => !isTestCode(f));
    it(`${layer} has sources to check`, () => {
      expect(production.length).toBeGreaterThan(0);
    });
    it.each(production.map((f) => [path.relative(ROOT, f), f]))(
      `%s imports only ${rule.folders.join(', ')}`,
      (_name, file) => {
        for (const spec of importsOf(file)) {
          if (spec.startsWith('.')) {
            const target = path.resolve(path.dirname(file), spec);
            expect(
              rule.folders.some((f) => within(target, f)),
              `${spec} reaches outside ${rule.folders.join(', ')}`,
            ).toBe(true);
          } else {
            const allowed = (rule.node && spec.startsWith('node:')) || rule.packages.includes(spec);
            expect(allowed, `${spec} is not for ${layer}`).toBe(true);
          }
        }
      },
    );
  }

  const electronFree = ELECTRON_FREE.flatMap((l) => sources(path.join(ROOT, l)));
  it.each(electronFree.map((f) => [path.relative(ROOT, f), f]))(
    '%s never imports electron, tests included',
    (_name, file) => {
      for (const spec of importsOf(file)) expect(spec === 'electron' || spec.startsWith('electron/')).toBe(false);
    },
  );

  it('the check itself sees every import form', () => {
    const probe = `import a from 'x1';\nimport { b } from "x2";\nexport * from 'x3';\nconst c = await import('x4');\nconst d = require("x5");\nimport 'x6';\n`;
    expect([...probe.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4])).toEqual([
      'x1',
      'x2',
      'x3',
      'x4',
      'x5',
      'x6',
    ]);
  });
});
