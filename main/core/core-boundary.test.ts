/**
 * The core runs under plain Node (CLI, tests, benchmark): it must never import Electron, and
 * reaches outside itself only for Node's built-ins and the two libraries it is built on.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CORE = __dirname;
const LIBRARIES = new Set(['toml', 'systeminformation']);
const IMPORT = /(?:^|[\s;])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|require\s*\(\s*['"]([^'"]+)['"]\s*\)|^import\s+['"]([^'"]+)['"]/gm;

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) return sources(p);
    return /\.tsx?$/.test(e.name) ? [p] : [];
  });
}

function importsOf(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4]!);
}

describe('main/core', () => {
  const files = sources(CORE);
  it('has sources to check', () => {
    expect(files.length).toBeGreaterThan(10);
  });
  it.each(files.map((f) => [path.relative(CORE, f), f]))('%s never imports electron', (_name, file) => {
    for (const spec of importsOf(file)) expect(spec === 'electron' || spec.startsWith('electron/')).toBe(false);
  });
  it.each(files.filter((f) => !f.endsWith('.test.ts')).map((f) => [path.relative(CORE, f), f]))(
    '%s imports only the core, Node and its two libraries',
    (_name, file) => {
      for (const spec of importsOf(file)) {
        if (spec.startsWith('.')) {
          const target = path.resolve(path.dirname(file), spec);
          expect(target.startsWith(CORE + path.sep), `${spec} leaves main/core`).toBe(true);
        } else {
          expect(spec.startsWith('node:') || LIBRARIES.has(spec), `${spec} is not allowed in main/core`).toBe(true);
        }
      }
    },
  );
  it('the check itself sees every import form', () => {
    const probe = `import a from 'x1';\nimport { b } from "x2";\nexport * from 'x3';\nconst c = await import('x4');\nconst d = require("x5");\nimport 'x6';\n`;
    expect([...probe.matchAll(IMPORT)].map((m) => m[1] ?? m[2] ?? m[3] ?? m[4])).toEqual(['x1', 'x2', 'x3', 'x4', 'x5', 'x6']);
  });
});
