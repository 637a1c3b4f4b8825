import { describe, expect, it } from 'vitest';
import { CommProtocolError, MAX_FRAMES, createFrameReader, encodeFrames, encodeMessage } from './comm-frames';

const message = encodeFrames;

describe('encodeMessage', () => {
  it('writes what Python Dask writes for {"op":"identity","reply":true} (captured from 2022.12.1 and 2026.8.0)', () => {
    const frame0 = Buffer.from('82a26f70a86964656e74697479a57265706c79c3', 'hex');
    expect(encodeMessage(frame0).toString('hex')).toBe(
      '2400000000000000010000000000000014000000000000' + '0082a26f70a86964656e74697479a57265706c79c3',
    );
  });
});

describe('createFrameReader', () => {
  const a = Buffer.from('first');
  const b = Buffer.from('second frame');

  it('reads a message however the bytes arrive, one at a time included', () => {
    const whole = message([a, b]);
    const reader = createFrameReader(1024);
    const out = [...whole].flatMap((byte) => reader.push(Buffer.from([byte])));
    expect(out).toEqual([[a, b]]);
    expect(reader.buffered()).toBe(0);
  });

  it('reads several messages in one chunk', () => {
    const reader = createFrameReader(1024);
    expect(reader.push(Buffer.concat([message([a]), message([b]), message([a, b]).subarray(0, 10)]))).toEqual([
      [a],
      [b],
    ]);
    expect(reader.buffered()).toBe(10);
  });

  it('takes N covering only the leading frames, as Dask does since 2023.11 (c91a735f5)', () => {
    for (const covered of [0, 1, 2]) expect(createFrameReader(1024).push(message([a, b], covered))).toEqual([[a, b]]);
  });

  it('reads empty frames', () => {
    expect(createFrameReader(1024).push(message([Buffer.alloc(0), a]))).toEqual([[Buffer.alloc(0), a]]);
  });

  it.each([
    ['no frames', () => Buffer.from('10000000000000000000000000000000', 'hex'), /no frames/],
    [
      'too many frames',
      () => message(Array.from({ length: MAX_FRAMES + 1 }, () => Buffer.alloc(0))),
      /frame count is 65, more than 64/,
    ],
    [
      'N shorter than its prelude',
      () => Buffer.concat([Buffer.from('0800000000000000', 'hex'), Buffer.from('0100000000000000', 'hex')]),
      /shorter than its own prelude/,
    ],
    [
      'N ending inside a frame',
      () => {
        const m = message([a, b]);
        m.writeBigUInt64LE(BigInt(8 + 16 + 2), 0);
        return m;
      },
      /does not end at a frame/,
    ],
    [
      'a frame longer than allowed',
      () => message([Buffer.alloc(2000)]),
      /frame 0's length is 2000, more than 1024|message length is/,
    ],
    [
      'frames adding up past the limit',
      () => message([Buffer.alloc(600), Buffer.alloc(600)], 0),
      /a message of 1200 bytes, more than 1024/,
    ],
  ])('refuses %s before keeping its body', (_what, bytes, reason) => {
    const reader = createFrameReader(1024);
    expect(() => reader.push(bytes())).toThrow(CommProtocolError);
    expect(() => createFrameReader(1024).push(bytes())).toThrow(reason);
  });
});
