// Builds everything `npm start`, the CLI and the tests run: one esbuild pass per target.
import { build } from 'esbuild';
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

fs.rmSync(out, { recursive: true, force: true });

await build({
  ...common,
  entryPoints: [path.join(root, 'main/cli.ts')],
  outfile: path.join(out, 'cli.js'),
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  banner: { js: '#!/usr/bin/env node' },
});
fs.chmodSync(path.join(out, 'cli.js'), 0o755);
