/** Reads covalent.conf defensively: bounded, regular files only, strict UTF-8, every failure a sentence. */
import fs from 'node:fs';

/** Covalent's config is a few KB; a larger file is not Covalent's and is not read past this. */
export const MAX_CONFIG_BYTES = 1024 * 1024;

/** Identifies one version of the file, to skip re-parsing it when nothing changed. */
export interface FileStamp {
  mtimeMs: number;
  ctimeMs: number;
  size: number;
  ino: number;
}

export type ConfigRead =
  | { kind: 'missing' }
  | { kind: 'text'; text: string; stamp: FileStamp }
  | { kind: 'error'; message: string; line: number | null; stamp: FileStamp | null };

export function stampOf(st: fs.Stats): FileStamp {
  return { mtimeMs: st.mtimeMs, ctimeMs: st.ctimeMs, size: st.size, ino: st.ino };
}

export function sameStamp(left: FileStamp | null, right: FileStamp | null): boolean {
  return (
    !!left &&
    !!right &&
    left.mtimeMs === right.mtimeMs &&
    left.ctimeMs === right.ctimeMs &&
    left.size === right.size &&
    left.ino === right.ino
  );
}

/** stat() the file: its stamp, 'missing', or null when it cannot be examined (the read will say why). */
export function statConfigFile(file: string): FileStamp | 'missing' | null {
  try {
    return stampOf(fs.statSync(file));
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'missing' : null;
  }
}

// O_NONBLOCK: opening a FIFO planted where the config should be must not hang the monitor.
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

export function readConfigFile(file: string, maxBytes = MAX_CONFIG_BYTES): ConfigRead {
  let fd: number;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return { kind: 'missing' };
    return { kind: 'error', message: describeOpenError(file, err as NodeJS.ErrnoException), line: null, stamp: null };
  }
  try {
    const st = fs.fstatSync(fd);
    const stamp = stampOf(st);
    if (st.isDirectory()) return { kind: 'error', message: `${file} is a directory, not a file`, line: null, stamp };
    if (!st.isFile()) return { kind: 'error', message: `${file} is not a regular file`, line: null, stamp };
    if (st.size > maxBytes) {
      return {
        kind: 'error',
        message: `${file} is ${st.size} bytes; a Covalent config is a few KB, so it is not read (limit ${maxBytes})`,
        line: null,
        stamp,
      };
    }
    const buf = Buffer.allocUnsafe(maxBytes + 1);
    let length = 0;
    while (length < buf.length) {
      const n = fs.readSync(fd, buf, length, buf.length - length, null);
      if (n === 0) break;
      length += n;
    }
    if (length > maxBytes) {
      return {
        kind: 'error',
        message: `${file} grew past ${maxBytes} bytes while being read; not read`,
        line: null,
        stamp,
      };
    }
    const bytes = buf.subarray(0, length);
    const bad = firstInvalidUtf8(bytes);
    if (bad >= 0) {
      const line = countLines(bytes, bad);
      return { kind: 'error', message: `${file} is not valid UTF-8 (byte ${bad})`, line, stamp };
    }
    return { kind: 'text', text: new TextDecoder('utf-8').decode(bytes), stamp };
  } catch (err) {
    return { kind: 'error', message: describeOpenError(file, err as NodeJS.ErrnoException), line: null, stamp: null };
  } finally {
    fs.closeSync(fd);
  }
}

function describeOpenError(file: string, err: NodeJS.ErrnoException): string {
  switch (err.code) {
    case 'EACCES':
    case 'EPERM':
      return `${file} cannot be read: permission denied`;
    case 'ELOOP':
      return `${file} is a symbolic link that loops`;
    case 'EISDIR':
      return `${file} is a directory, not a file`;
    case 'ENOTDIR':
      return `${file} cannot exist: a part of its path is a file, not a directory`;
    default:
      return `${file} cannot be read: ${err.code ?? err.message}`;
  }
}

/** Offset of the first byte that breaks UTF-8 (overlongs, surrogates and > U+10FFFF included), or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let cp: number;
    if (b >= 0xc2 && b <= 0xdf) {
      need = 1;
      min = 0x80;
      cp = b & 0x1f;
    } else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = 0x800;
      cp = b & 0x0f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = 0x10000;
      cp = b & 0x07;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}

function countLines(bytes: Uint8Array, end: number): number {
  let line = 1;
  for (let i = 0; i < end; i++) if (bytes[i] === 0x0a) line++;
  return line;
}
