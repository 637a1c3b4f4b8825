/// <reference types="node" />
/**
 * The panel's rules, checked on its sources: one module touches the preload's global, nothing
 * writes HTML, links do not leave the panel, and code that reaches the browser bundle imports
 * nothing of Node or Electron (from shared/ only).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const RENDERER = __dirname;
const ROOT = path.dirname(RENDERER);
const BROWSER_PACKAGES = new Set(['preact', 'preact/hooks', '@preact/signals']);
const VALUE_IMPORT = /^\s*(?:import|export)\s+(?!type\s)(?:[^'";]*?\sfrom\s*)?['"]([^'"]+)['"]/gm;

// The panel's own modules: this folder's files, not its tests nor the helpers in testing/.
const sources = fs
  .readdirSync(RENDERER, { withFileTypes: true })
  .filter((e) => e.isFile() && /\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts') && !/\.test\.tsx?$/.test(e.name))
  .map((e) => path.join(RENDERER, e.name));

function resolveModule(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec);
  const found = ['.ts', '.tsx', '/index.ts'].map((ext) => base + ext).find((f) => fs.existsSync(f));
  if (!found) throw new Error(`cannot resolve ${spec} from ${from}`);
  return found;
}

/** Every package a module pulls into the bundle, following relative value imports. */
function bundledPackages(entry: string, seen = new Set<string>()): Map<string, string> {
  const out = new Map<string, string>();
  if (seen.has(entry)) return out;
  seen.add(entry);
  for (const m of fs.readFileSync(entry, 'utf8').matchAll(VALUE_IMPORT)) {
    const spec = m[1]!;
    if (spec.endsWith('.css')) continue;
    if (spec.startsWith('.')) {
      for (const [pkg, via] of bundledPackages(resolveModule(entry, spec), seen)) out.set(pkg, via);
    } else {
      out.set(spec, path.relative(ROOT, entry));
    }
  }
  return out;
}

describe('renderer', () => {
  it('has sources to check', () => {
    expect(sources.length).toBeGreaterThan(10);
  });

  it('bundles only Preact and its signals: no Node, no Electron', () => {
    const packages = bundledPackages(path.join(RENDERER, 'index.tsx'));
    for (const [pkg, via] of packages) expect(BROWSER_PACKAGES.has(pkg), `${pkg} (imported by ${via})`).toBe(true);
  });

  it.each(sources.map((f) => [path.basename(f), f]))('%s writes no HTML and links nowhere', (_name, file) => {
    const text = fs.readFileSync(file, 'utf8');
    expect(text).not.toMatch(/dangerouslySetInnerHTML|innerHTML|outerHTML|insertAdjacentHTML|document\.write/);
    expect(text).not.toMatch(/<a\s|href=|window\.open|location\s*=/);
  });

  it('touches the preload’s global from bridge.ts alone', () => {
    for (const file of sources) {
      const text = fs.readFileSync(file, 'utf8');
      const touches = /\bwindow\b|BRIDGE_GLOBAL|covalentDaskTray/.test(text);
      expect(touches, path.basename(file)).toBe(path.basename(file) === 'bridge.ts');
    }
  });

  it('the import check sees value imports and skips type-only ones', () => {
    const probe =
      "import type { A } from 'a';\nimport { b, type C } from 'b';\nimport d from 'd';\nimport 'e';\nexport { f } from 'f';\nexport type { G } from 'g';\n";
    expect([...probe.matchAll(VALUE_IMPORT)].map((m) => m[1])).toEqual(['b', 'd', 'e', 'f']);
  });
});
