/// <reference types="node" />
/**
 * The built panel (dist/renderer, which `npm test` builds first): within its size budget, and
 * loaded by a page whose CSP allows only the panel's own files.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';

const DIST = path.resolve(__dirname, '..', 'dist', 'renderer');
/** Issue 4: panel.js and panel.css together, gzipped. */
const BUDGET_BYTES = 60_000;

function built(name: string): Buffer {
  const file = path.join(DIST, name);
  if (!fs.existsSync(file)) throw new Error(`${file} is missing: run \`npm run build\` first`);
  return fs.readFileSync(file);
}

describe('the built panel', () => {
  it(`is at most ${BUDGET_BYTES} bytes gzipped (panel.js + panel.css)`, () => {
    const sizes = ['panel.js', 'panel.css'].map((name) => zlib.gzipSync(built(name), { level: 9 }).length);
    const total = sizes.reduce((a, b) => a + b, 0);
    console.log(`panel.js ${sizes[0]} B + panel.css ${sizes[1]} B gzipped = ${total} B of ${BUDGET_BYTES}`);
    expect(total).toBeLessThanOrEqual(BUDGET_BYTES);
  });

  it('loads from a page with a strict CSP, no inline code and nothing from the network', () => {
    const html = built('index.html').toString('utf8');
    const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(csp).toBeDefined();
    expect(csp).toContain("default-src 'none'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("style-src 'self'");
    expect(csp).toContain("connect-src 'none'");
    expect(csp).not.toMatch(/unsafe-|https?:|\*/);
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)[^>]*>|<style|\sstyle=|\son[a-z]+=/i);
    expect([...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1])).toEqual(['panel.css', 'panel.js']);
  });
});
