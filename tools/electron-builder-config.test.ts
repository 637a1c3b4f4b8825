/**
 * electron-builder accepts the packaging config for every target, offline and without the Electron
 * binary: its own schema check (which looks at the mac and win sections on Linux too), the metadata
 * the deb target asks for only once it builds, and on Linux a real `--linux dir` build against a
 * stub Electron, whose app.asar is then read back.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { APP_ID } from '../main/tray/app-identity';

const ROOT = path.resolve(__dirname, '..');
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as Record<string, unknown>;

// app-builder-lib's config loader and validator are not a public API (a deep import, no `exports`
// map): they are read at the version electron-builder is pinned to in package.json.
const TESTED_VERSION = '26.17.0';
const requireHere = createRequire(__filename);
const libDir = path.dirname(requireHere.resolve('app-builder-lib/package.json'));
const requireLib = createRequire(path.join(libDir, 'package.json'));

interface LinuxConfig {
  target?: (string | { target: string })[] | string;
  maintainer?: string;
  executableArgs?: string[];
  syncDesktopName?: boolean;
}
interface BuilderConfig {
  appId?: string;
  extraMetadata?: Record<string, unknown>;
  linux?: LinuxConfig;
  [section: string]: unknown;
}
interface ConfigModule {
  getConfig(projectDir: string, configPath: string | null, override: BuilderConfig | null): Promise<BuilderConfig>;
  validateConfiguration(config: BuilderConfig, logger: unknown): Promise<void>;
}
const { getConfig, validateConfiguration } = requireLib(path.join(libDir, 'out/util/config/config')) as ConfigModule;
const { DebugLogger } = requireLib('builder-util') as { DebugLogger: new (enabled: boolean) => unknown };

/** The Linux targets electron-builder builds with fpm, whose metadata check runs only at build time. */
const FPM_TARGETS = ['deb', 'rpm', 'pacman', 'apk', 'freebsd', 'p5p', 'sh'];

function linuxTargets(config: BuilderConfig): string[] {
  const t = config.linux?.target ?? [];
  return (Array.isArray(t) ? t : [t]).map((x) => (typeof x === 'string' ? x : x.target));
}

/**
 * What FpmTarget.computeFpmMetaInfoOptions (app-builder-lib out/targets/FpmTarget.js:76-97) refuses:
 * no project URL (homepage, or a GitHub repository: out/appInfo.js:136-143), and no maintainer
 * (linux/deb.maintainer, else package.json author.email).
 */
function fpmMetadataProblems(config: BuilderConfig, metadata: Record<string, unknown>): string[] {
  const meta = { ...metadata, ...(config.extraMetadata ?? {}) };
  const author = meta.author as { email?: string } | string | undefined;
  const problems: string[] = [];
  for (const target of linuxTargets(config).filter((t) => FPM_TARGETS.includes(t))) {
    const repo = JSON.stringify(meta.repository ?? '');
    if (!meta.homepage && !/github/.test(repo)) problems.push(`${target}: needs package.json homepage`);
    const section = config[target] as { maintainer?: string } | undefined;
    const maintainer = section?.maintainer ?? config.linux?.maintainer;
    if (!maintainer && !(typeof author === 'object' && author.email)) {
      problems.push(`${target}: needs linux.maintainer (or ${target}.maintainer) or package.json author.email`);
    }
  }
  return problems;
}

const temp: string[] = [];
afterAll(() => {
  for (const d of temp.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

describe('electron-builder config', () => {
  it(`is read with the app-builder-lib this check was written against (${TESTED_VERSION})`, () => {
    const lib = JSON.parse(fs.readFileSync(path.join(libDir, 'package.json'), 'utf8')) as { version: string };
    expect(
      lib.version,
      `app-builder-lib ${lib.version}: re-check its out/util/config/config.js and FpmTarget.js, then update TESTED_VERSION`,
    ).toBe(TESTED_VERSION);
    expect((pkg.devDependencies as Record<string, string>)['electron-builder']).toBe(TESTED_VERSION);
  });

  it('passes electron-builder schema validation (every platform section)', async () => {
    const config = await getConfig(ROOT, null, null);
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
  });

  it('the schema check does reject an unknown key (so a pass means something)', async () => {
    const config = await getConfig(ROOT, null, { mac: { visibleOnFullScreen: true } } as BuilderConfig);
    await expect(validateConfiguration(config, new DebugLogger(false))).rejects.toThrow(/Invalid configuration/);
  });

  it('gives the deb what it needs at build time: a homepage and a maintainer', async () => {
    const config = await getConfig(ROOT, null, null);
    expect(linuxTargets(config)).toContain('deb');
    expect(fpmMetadataProblems(config, pkg), 'electron-builder would stop the deb build with these').toEqual([]);
    // The rule itself, on the metadata the deb build failed with (issue 11).
    expect(fpmMetadataProblems(config, { name: 'x' })).toEqual([
      'deb: needs package.json homepage',
      'deb: needs linux.maintainer (or deb.maintainer) or package.json author.email',
    ]);
  });

  it('runs Linux builds under XWayland and names the desktop entry as Electron names its windows', async () => {
    const config = await getConfig(ROOT, null, null);
    // Electron 38+ runs natively on Wayland, where the panel cannot be placed or focused
    // (electron docs/breaking-changes.md, 38.0); the flag must be on the command line.
    expect(config.linux?.executableArgs).toContain('--ozone-platform=x11');
    // Electron's app_id / WM_CLASS comes from desktopName (lib/browser/init.ts); the .desktop file
    // and its StartupWMClass follow it with syncDesktopName (LinuxTargetHelper.js:184-254).
    expect(pkg.desktopName).toBe(`${pkg.name}.desktop`);
    expect(config.linux?.syncDesktopName).toBe(true);
  });

  it('uses the appId the app sets as its Windows AppUserModelID', async () => {
    const config = await getConfig(ROOT, null, null);
    expect(config.appId).toBe(APP_ID);
  });

  it.skipIf(process.platform !== 'linux')(
    'builds the unpacked Linux app offline against a stub Electron, with the built files in its asar',
    async () => {
      for (const f of ['dist/main/index.js', 'dist/preload/index.js', 'dist/renderer/index.html']) {
        expect(fs.existsSync(path.join(ROOT, f)), `${f} is missing: run npm run build first`).toBe(true);
      }
      const work = fs.mkdtempSync(path.join(os.tmpdir(), 'builder-check-'));
      temp.push(work);
      // An unpacked Electron is a folder electron-builder copies (ElectronFramework.js:166-201):
      // the binary's name and the locales and resources folders are all it looks at.
      const stub = path.join(work, 'electron');
      fs.mkdirSync(path.join(stub, 'locales'), { recursive: true });
      fs.mkdirSync(path.join(stub, 'resources'));
      fs.writeFileSync(path.join(stub, 'electron'), '#!/bin/sh\nexit 0\n', { mode: 0o755 });
      fs.writeFileSync(path.join(stub, 'LICENSE'), 'stub\n');
      const out = path.join(work, 'release');
      const cli = path.join(path.dirname(requireHere.resolve('electron-builder/package.json')), 'cli.js');
      try {
        await promisify(execFile)(
          process.execPath,
          [cli, '--linux', 'dir', '--publish', 'never', `-c.electronDist=${stub}`, `-c.directories.output=${out}`],
          { cwd: ROOT, env: { ...process.env, CI: 'true' }, timeout: 60_000, maxBuffer: 16 * 1024 * 1024 },
        );
      } catch (err) {
        const e = err as { stdout?: string; stderr?: string; message: string };
        throw new Error(`electron-builder --linux dir failed:\n${e.stdout ?? ''}\n${e.stderr ?? e.message}`);
      }
      const unpacked = path.join(out, 'linux-unpacked');
      expect(fs.existsSync(path.join(unpacked, String(pkg.name)))).toBe(true);
      const asar = requireLib('@electron/asar') as {
        listPackage(file: string, options: object): string[];
        extractFile(file: string, name: string): Buffer;
      };
      const archive = path.join(unpacked, 'resources', 'app.asar');
      const files = asar.listPackage(archive, {});
      for (const f of ['/package.json', '/dist/main/index.js', '/dist/preload/index.js', '/dist/renderer/index.html']) {
        expect(files).toContain(f);
      }
      expect(files.filter((f) => f.startsWith('/node_modules') || f.endsWith('.map'))).toEqual([]);
      // What Electron reads at run time: the desktop name it gives its windows (lib/browser/init.ts).
      const packaged = JSON.parse(asar.extractFile(archive, 'package.json').toString('utf8')) as Record<
        string,
        unknown
      >;
      expect(packaged.desktopName).toBe(pkg.desktopName);
      const icons = fs.readdirSync(path.join(unpacked, 'resources', 'icons'));
      expect(icons).toContain('tray-running.png');
      expect(icons.every((f) => f.startsWith('tray-'))).toBe(true);
    },
    60_000,
  );
});
