// npm test's security scan: @doyensec/electronegativity over the built app (main, preload, panel).
// Its CLI exits 0 even with findings (doyensec/electronegativity#108), so this runs it as a library
// and fails on any finding of medium severity or above. The check that asks GitHub for newer
// Electron releases is left out: it needs the network, and says nothing about this code.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

// Findings reviewed by hand, by the exact line they flag: a new call site is a new finding.
// OPEN_EXTERNAL_JS_CHECK flags every openExternal call with a non-constant URL. The app has one
// path to it: the core's IPC handler passes only the config's dashboard link or Covalent UI
// address, checked to be http(s) without credentials (main/tray/ipc-handlers.ts dashboardUrl,
// covalentUiUrl; refused URLs are tested in ipc-handlers.test.ts).
const REVIEWED = new Map([
  [
    'OPEN_EXTERNAL_JS_CHECK',
    ['await deps.actions.openExternal(url.href);', 'openExternal: (url) => import_electron8.shell.openExternal(url),'],
  ],
]);
const reviewed = (issue) =>
  (REVIEWED.get(issue.id) ?? []).some(
    (line) => issue.sample === line || issue.sample.replace(/import_electron\d+/, 'import_electron8') === line,
  );
const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const run = require('@doyensec/electronegativity').default ?? require('@doyensec/electronegativity');
const { severity } = require('@doyensec/electronegativity/dist/finder');

// Only what ships: the built main, preload and panel, without source maps.
const stage = fs.mkdtempSync(path.join(os.tmpdir(), 'electronegativity-'));
try {
  for (const part of ['main', 'preload', 'renderer']) {
    fs.cpSync(path.join(root, 'dist', part), path.join(stage, part), {
      recursive: true,
      filter: (f) => !f.endsWith('.map'),
    });
  }
  fs.copyFileSync(path.join(root, 'package.json'), path.join(stage, 'package.json'));
  const electronVersion = require('electron/package.json').version;

  const result = await run({
    input: stage,
    excludeFromScan: ['AvailableSecurityFixesGlobalCheck'],
    isRelative: true,
    electronVersionOverride: electronVersion,
  });

  const blocking = result.issues.filter((i) => i.severity.value >= severity.MEDIUM.value && !reviewed(i));
  for (const i of result.issues) {
    const mark = reviewed(i) ? 'reviewed' : i.severity.value >= severity.MEDIUM.value ? 'FAIL' : 'note';
    console.log(
      `${mark} ${i.id} (${i.severity.name}, ${i.confidence.name}) ${i.file}:${i.location.line}: ${i.sample.slice(0, 100)}`,
    );
    if (mark !== 'reviewed') console.log(`    ${i.description} ${i.shortenedURL}`);
  }
  const broken = result.errors.filter((e) => !e.tolerable);
  for (const e of broken) console.log(`FAIL could not parse ${e.file}: ${e.message}`);
  console.log(
    `electronegativity: ${result.globalChecks + result.atomicChecks} checks on Electron ${electronVersion}, ` +
      `${result.issues.length} findings, ${blocking.length} of medium severity or above, ${broken.length} files not parsed`,
  );
  process.exitCode = blocking.length > 0 || broken.length > 0 ? 1 : 0;
} finally {
  fs.rmSync(stage, { recursive: true, force: true });
}
