// Builds everything `npm start`, the CLI, the tests and the benchmark run: one esbuild pass per target.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const out = path.join(root, 'dist');
const common = {
  bundle: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  legalComments: 'none',
  define: { __APP_VERSION__: JSON.stringify(pkg.version) },
};
// The Windows process library is a native module, required at run time (main/monitor/proc/win-source.ts).
const node = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['electron', '@vscode/windows-process-tree'],
};

// dist/ is overwritten in place, not emptied first: a test running meanwhile keeps its files.
// Programs on plain Node over the monitoring core: [source, output].
const nodePrograms = [
  ['main/cli/cli.ts', 'cli.js'],
  ['programs/demo.ts', 'demo.js'],
  ['bench/bench.ts', 'bench.js'],
  ['programs/soak.ts', 'soak.js'],
];

await Promise.all([
  ...nodePrograms.map(([source, output]) =>
    build({
      ...node,
      entryPoints: [path.join(root, source)],
      outfile: path.join(out, output),
      banner: { js: '#!/usr/bin/env node' },
    }),
  ),
  // Electron's main process; electron itself comes from the runtime.
  build({
    ...node,
    entryPoints: [path.join(root, 'main/index.ts')],
    outfile: path.join(out, 'main/index.js'),
  }),
  // The sandboxed preload can require nothing but electron: everything else is bundled in.
  build({
    ...common,
    entryPoints: [path.join(root, 'preload/index.ts')],
    outfile: path.join(out, 'preload/index.js'),
    platform: 'browser',
    target: 'chrome140',
    format: 'cjs',
    external: ['electron'],
  }),
  // The panel: one script and one stylesheet, loaded by renderer/index.html.
  build({
    ...common,
    entryPoints: [path.join(root, 'renderer/index.tsx')],
    outfile: path.join(out, 'renderer/panel.js'),
    platform: 'browser',
    target: 'chrome140',
    format: 'iife',
    minify: true,
    jsx: 'automatic',
    jsxImportSource: 'preact',
    metafile: true,
  }),
]);
fs.copyFileSync(path.join(root, 'renderer/index.html'), path.join(out, 'renderer/index.html'));

// The icons are drawn by code (tools/make-icons.ts), not kept as binaries.
await build({
  ...node,
  entryPoints: [path.join(root, 'tools/make-icons.ts')],
  outfile: path.join(out, 'tools/make-icons.js'),
});
execFileSync(process.execPath, [path.join(out, 'tools/make-icons.js'), path.join(out, 'icons')], { stdio: 'inherit' });
fs.chmodSync(path.join(out, 'cli.js'), 0o755);
