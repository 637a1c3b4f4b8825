import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { firstInvalidUtf8, readConfigFile } from './config-file';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'config-file-'));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

describe('readConfigFile', () => {
  it('reads a regular file', () => {
    const r = readConfigFile(file('ok.conf', '[dask]\npid = 1\n'));
    expect(r).toMatchObject({ kind: 'text', text: '[dask]\npid = 1\n' });
  });
  it('says missing for a file that does not exist', () => {
    expect(readConfigFile(path.join(dir, 'nope.conf'))).toEqual({ kind: 'missing' });
  });
  it('refuses a directory', () => {
    fs.mkdirSync(path.join(dir, 'adir'));
    expect(readConfigFile(path.join(dir, 'adir'))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/is a directory/),
    });
  });
  it('does not hang on a FIFO', () => {
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    expect(readConfigFile(fifo)).toMatchObject({ kind: 'error', message: expect.stringMatching(/not a regular file/) });
  });
  it('names a symlink loop', () => {
    fs.symlinkSync(path.join(dir, 'loop-b'), path.join(dir, 'loop-a'));
    fs.symlinkSync(path.join(dir, 'loop-a'), path.join(dir, 'loop-b'));
    expect(readConfigFile(path.join(dir, 'loop-a'))).toMatchObject({
      kind: 'error',
      message: expect.stringMatching(/loops/),
    });
  });
  it('does not read a file past the limit', () => {
    const big = file('big.conf', Buffer.alloc(2048, 0x61));
    expect(readConfigFile(big, 1024)).toMatchObject({ kind: 'error', message: expect.stringMatching(/2048 bytes/) });
  });
  it('rejects invalid UTF-8 with the line it is on', () => {
    const bad = file(
      'bad.conf',
      Buffer.concat([Buffer.from('[dask]\nlog_dir = "'), Buffer.from([0xff, 0xfe]), Buffer.from('"\n')]),
    );
    expect(readConfigFile(bad)).toMatchObject({
      kind: 'error',
      line: 2,
      message: expect.stringMatching(/not valid UTF-8/),
    });
  });
});

describe('firstInvalidUtf8', () => {
  const strict = new TextDecoder('utf-8', { fatal: true });
  const validByDecoder = (bytes: Uint8Array) => {
    try {
      strict.decode(bytes);
      return true;
    } catch {
      return false;
    }
  };
  it('agrees with a strict decoder on edge cases', () => {
    const cases = [
      [0x41],
      [0xc3, 0xa9],
      [0xe2, 0x82, 0xac],
      [0xf0, 0x9f, 0x98, 0x80], // valid
      [0xc0, 0x80],
      [0xe0, 0x80, 0x80],
      [0xed, 0xa0, 0x80],
      [0xf4, 0x90, 0x80, 0x80],
      [0xf5, 0x80, 0x80, 0x80], // overlong, surrogate, too big
      [0xc3],
      [0xe2, 0x82],
      [0x80],
      [0xfe], // cut short, stray
    ];
    for (const c of cases)
      expect(firstInvalidUtf8(new Uint8Array(c)) === -1, Buffer.from(c).toString('hex')).toBe(
        validByDecoder(new Uint8Array(c)),
      );
  });
  it('agrees with a strict decoder on 5,000 random byte strings', () => {
    let seed = 7;
    for (let n = 0; n < 5000; n++) {
      const bytes = new Uint8Array(1 + (n % 8)).map(() => {
        seed = (seed * 1103515245 + 12345) & 0x7fffffff;
        return seed & 0xff;
      });
      expect(firstInvalidUtf8(bytes) === -1, Buffer.from(bytes).toString('hex')).toBe(validByDecoder(bytes));
    }
  });
});
