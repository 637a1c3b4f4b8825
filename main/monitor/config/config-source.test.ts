import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { REWRITE_GRACE_MS, createConfigSource } from './config-source';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-source-'));
  file = path.join(dir, 'covalent.conf');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

const GOOD = '[sdk]\nno_cluster = "false"\n[dask]\npid = 4214\nnum_workers = 2\n';
const location = () => ({ path: file, source: 'COVALENT_CONFIG_DIR' as const });

/** Writes and moves the mtime on, so each write is a new stamp even within one clock tick. */
let tick = Date.now() / 1000;
function write(text: string) {
  fs.writeFileSync(file, text);
  tick += 5;
  fs.utimesSync(file, tick, tick);
}

describe('createConfigSource', () => {
  it('is missing until the file exists, then reads it', () => {
    const src = createConfigSource(location());
    expect(src.refresh().kind).toBe('missing');
    write(GOOD);
    const s = src.refresh();
    expect(s.kind).toBe('ok');
    expect(s.config?.pid).toBe(4214);
    expect(s.pidWrittenAtMs).toBe(fs.statSync(file).mtimeMs);
  });

  it('keeps the last good values through a half-written rewrite and recovers after it', () => {
    const src = createConfigSource(location());
    write(GOOD);
    src.refresh();
    write('[sdk]\nno_cluster = "false"\n[dask]\npid = 42');
    write(GOOD.slice(0, 40));
    const broken = src.refresh();
    expect(broken.kind).toBe('error');
    expect(broken.fromLastGood).toBe(true);
    expect(broken.config?.pid).toBe(4214);
    expect(broken.error?.line).toBe(4);
    write(GOOD.replace('4214', '5000'));
    const fixed = src.refresh();
    expect(fixed).toMatchObject({ kind: 'ok', fromLastGood: false, error: null });
    expect(fixed.config?.pid).toBe(5000);
  });

  it('takes an empty file for a rewrite caught midway, not for an empty config', () => {
    const src = createConfigSource(location());
    write(GOOD);
    src.refresh();
    write('');
    const s = src.refresh();
    expect(s.kind).toBe('error');
    expect(s.error?.message).toMatch(/empty/);
    expect(s.config?.pid).toBe(4214);
  });

  it('lets the last good values stand for REWRITE_GRACE_MS of an empty file, then calls it an error', () => {
    let t = 1_000_000;
    const src = createConfigSource(location(), () => t);
    write(GOOD);
    src.refresh();
    write('');
    expect(src.refresh()).toMatchObject({ kind: 'error', rewriting: true, fromLastGood: true });
    t += REWRITE_GRACE_MS - 1;
    expect(src.refresh()).toMatchObject({ kind: 'error', rewriting: true });
    t += 1;
    expect(src.refresh()).toMatchObject({ kind: 'error', rewriting: false, fromLastGood: true });
    // A new empty spell after a good read starts its own grace.
    write(GOOD);
    expect(src.refresh()).toMatchObject({ kind: 'ok', rewriting: false });
    write('');
    expect(src.refresh()).toMatchObject({ kind: 'error', rewriting: true });
  });

  it('gives no grace to an empty file with no good one before it', () => {
    const src = createConfigSource(location(), () => 0);
    write('');
    expect(src.refresh()).toMatchObject({ kind: 'error', rewriting: false, config: null });
  });

  it('has no last good values to keep when the first read already fails', () => {
    const src = createConfigSource(location());
    write('[dask\n');
    expect(src.refresh()).toMatchObject({ kind: 'error', config: null, fromLastGood: false });
  });

  it('keeps the time the pid was first seen while later rewrites leave the pid alone', () => {
    const src = createConfigSource(location());
    write(GOOD);
    const first = src.refresh().pidWrittenAtMs;
    write(`${GOOD}[user_interface]\nport = 48008\n`);
    expect(src.refresh().pidWrittenAtMs).toBe(first);
    write(GOOD.replace('4214', '4300'));
    expect(src.refresh().pidWrittenAtMs).toBe(fs.statSync(file).mtimeMs);
  });

  it('does not re-read an unchanged file', () => {
    const src = createConfigSource(location());
    write(GOOD);
    const a = src.refresh();
    expect(src.refresh()).toBe(a);
  });

  it('goes back to missing when the file is deleted, and reads it again when restored', () => {
    const src = createConfigSource(location());
    write(GOOD);
    src.refresh();
    fs.unlinkSync(file);
    expect(src.refresh()).toMatchObject({ kind: 'missing', config: null });
    write(GOOD);
    expect(src.refresh()).toMatchObject({ kind: 'ok' });
  });

  it('calls back when the file is written, replaced by rename, or created in a new directory', async () => {
    fs.rmSync(dir, { recursive: true });
    const src = createConfigSource(location());
    let calls = 0;
    const stop = src.watch(() => calls++, 20);
    try {
      fs.mkdirSync(dir);
      // the directory appeared after watch(): refresh() still finds the file by stat
      write(GOOD);
      expect(src.refresh().kind).toBe('ok');
    } finally {
      stop();
    }
    const stop2 = src.watch(() => calls++, 20);
    try {
      const before = calls;
      write(GOOD.replace('4214', '1'));
      await waitFor(() => calls > before);
      const mid = calls;
      fs.writeFileSync(path.join(dir, 'tmp'), GOOD);
      fs.renameSync(path.join(dir, 'tmp'), file);
      await waitFor(() => calls > mid);
      const after = calls;
      fs.writeFileSync(path.join(dir, 'other.txt'), 'x');
      await new Promise((r) => setTimeout(r, 100));
      expect(calls).toBe(after); // other files in the folder do not count
    } finally {
      stop2();
    }
  });
});

async function waitFor(cond: () => boolean, ms = 2000) {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
}
