/**
 * Dask's comm framing (distributed/comm/tcp.py, protocol/utils.py): each message is
 * [u64 N][u64 nframes][u64 length × nframes][frame …], little-endian. In 2022.12 N counts every
 * frame; from 2023.11 only the leading ones, the rest following at once: so frames are read by the
 * lengths in the prelude, and N is only checked. Every count and length is bounded before a byte
 * of the body is kept.
 */

/** The ops this client sends are answered in one frame, an error in five; more is not Dask's. */
export const MAX_FRAMES = 64;

export class CommProtocolError extends Error {}

/** A one-frame message: what Python's Dask writes for a msgpack-only message. */
export function encodeMessage(frame0: Uint8Array): Buffer {
  return encodeFrames([frame0]);
}

/** A message of `frames`, N covering the prelude and the first `covered` (all, as 2022.12 writes; current Dask fewer). */
export function encodeFrames(frames: readonly Uint8Array[], covered = frames.length): Buffer {
  const head = Buffer.alloc(16 + 8 * frames.length);
  const n = 8 + 8 * frames.length + frames.slice(0, covered).reduce((s, f) => s + f.length, 0);
  head.writeBigUInt64LE(BigInt(n), 0);
  head.writeBigUInt64LE(BigInt(frames.length), 8);
  for (const [i, f] of frames.entries()) head.writeBigUInt64LE(BigInt(f.length), 16 + 8 * i);
  return Buffer.concat([head, ...frames]);
}

export interface FrameReader {
  /** Takes bytes off the socket; returns every message they complete. Throws CommProtocolError on a prelude that is not Dask's. */
  push(chunk: Buffer): Buffer[][];
  /** Bytes held for a message not yet complete. */
  buffered(): number;
}

/** Reads u64 little-endian at `at` as a number, refusing what is past `max`. */
function u64(buf: Buffer, at: number, max: number, what: string): number {
  const v = buf.readBigUInt64LE(at);
  if (v > BigInt(max)) throw new CommProtocolError(`${what} is ${v}, more than ${max}`);
  return Number(v);
}

export function createFrameReader(maxMessageBytes: number): FrameReader {
  let chunks: Buffer[] = [];
  let held = 0;
  /** The prelude of the message being read, once known. */
  let lengths: number[] | null = null;
  let preludeBytes = 0;
  let bodyBytes = 0;

  function take(n: number): Buffer {
    const all = chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, held);
    chunks = n < all.length ? [all.subarray(n)] : [];
    held -= n;
    return all.subarray(0, n);
  }

  function peek(n: number): Buffer | null {
    if (held < n) return null;
    if (chunks[0]!.length < n) chunks = [Buffer.concat(chunks, held)];
    return chunks[0]!;
  }

  function readPrelude(): boolean {
    const head = peek(16);
    if (!head) return false;
    const n = u64(head, 0, 16 + 8 * MAX_FRAMES + maxMessageBytes, 'the message length');
    const nframes = u64(head, 8, MAX_FRAMES, 'the frame count');
    if (nframes < 1) throw new CommProtocolError('a message with no frames');
    if (n < 8 + 8 * nframes) throw new CommProtocolError(`the message length ${n} is shorter than its own prelude`);
    const all = peek(16 + 8 * nframes);
    if (!all) return false;
    const lens: number[] = [];
    let total = 0;
    for (let i = 0; i < nframes; i++) {
      const len = u64(all, 16 + 8 * i, maxMessageBytes, `frame ${i}'s length`);
      total += len;
      lens.push(len);
    }
    if (total > maxMessageBytes)
      throw new CommProtocolError(`a message of ${total} bytes, more than ${maxMessageBytes}`);
    // N covers the prelude and some leading frames (all of them before distributed 2023.11).
    let covered = 8 + 8 * nframes;
    let fits = covered === n;
    for (const len of lens) {
      covered += len;
      if (covered === n) fits = true;
    }
    if (!fits) throw new CommProtocolError(`the message length ${n} does not end at a frame`);
    lengths = lens;
    preludeBytes = 16 + 8 * nframes;
    bodyBytes = total;
    return true;
  }

  return {
    push(chunk) {
      if (chunk.length > 0) {
        chunks.push(chunk);
        held += chunk.length;
      }
      const out: Buffer[][] = [];
      for (;;) {
        if (!lengths && !readPrelude()) break;
        if (held < preludeBytes + bodyBytes) break;
        take(preludeBytes);
        const body = take(bodyBytes);
        const frames: Buffer[] = [];
        let at = 0;
        for (const len of lengths!) {
          frames.push(body.subarray(at, at + len));
          at += len;
        }
        out.push(frames);
        lengths = null;
      }
      return out;
    },
    buffered: () => held,
  };
}
