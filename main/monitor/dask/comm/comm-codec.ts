/**
 * What goes in a Dask comm frame: msgpack maps (protocol/core.py, dumps with use_bin_type).
 * Replies are decoded with every length bounded and map keys of any type turned into strings
 * (current Dask's identity has array keys). Nothing pickled is ever read: a reply carrying
 * {"__Pickled__": i} or {"__Serialized__": i} parts is refused with the reason.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';

export type Decoded = { ok: true; value: unknown } | { ok: false; reason: string };

/** Deeper than any reply of the ops this client sends (identity is about 6 levels). */
const MAX_DEPTH = 64;

function keyOf(key: unknown): string | number {
  if (typeof key === 'string' || typeof key === 'number') return key;
  if (key instanceof Uint8Array) return `bin:${Buffer.from(key).toString('hex')}`;
  return (
    JSON.stringify(key, (_k, v: unknown) =>
      typeof v === 'bigint' ? v.toString() : v instanceof Uint8Array ? '[bytes]' : v,
    ) ?? String(key)
  );
}

export function createCodec(maxBytes: number) {
  const decoder = new Decoder({
    mapKeyConverter: keyOf,
    maxStrLength: maxBytes,
    maxBinLength: maxBytes,
    maxArrayLength: 1 << 20,
    maxMapLength: 1 << 20,
    maxExtLength: 1 << 16,
  });
  const encoder = new Encoder();

  /** Sets back to arrays; a pickled or serialized part stops the walk. Returns the reason to refuse, if any. */
  function unwrap(v: unknown, depth: number): { value: unknown } | { reason: string } {
    if (depth > MAX_DEPTH) return { reason: `Dask's reply is nested more than ${MAX_DEPTH} deep` };
    if (Array.isArray(v)) {
      const out: unknown[] = [];
      for (const x of v) {
        const r = unwrap(x, depth + 1);
        if ('reason' in r) return r;
        out.push(r.value);
      }
      return { value: out };
    }
    if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return { value: v };
    const map = v as Record<string, unknown>;
    for (const tag of ['__Pickled__', '__Serialized__']) {
      if (Object.hasOwn(map, tag)) {
        return {
          reason: `Dask sent part of its reply ${tag === '__Pickled__' ? 'pickled' : 'serialized'}, which this monitor never unpickles`,
        };
      }
    }
    if (map.__Set__ === true && Array.isArray(map['as-list'])) return unwrap(map['as-list'], depth + 1);
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(map)) {
      if (k === '__proto__') continue; // the decoder refuses it already; never a prototype here
      const r = unwrap(x, depth + 1);
      if ('reason' in r) return r;
      out[k] = r.value;
    }
    return { value: out };
  }

  return {
    encode(message: Record<string, unknown>): Uint8Array {
      return encoder.encode(message);
    },
    decode(frames: readonly Buffer[]): Decoded {
      let raw: unknown;
      try {
        raw = decoder.decode(frames[0]!);
      } catch (err) {
        return {
          ok: false,
          reason: `Dask's reply is not msgpack it could read (${(err as Error).message.slice(0, 120)})`,
        };
      }
      // A handler that raised (core.py error_message): its text only; the exception itself is pickled.
      if (typeof raw === 'object' && raw !== null && (raw as Record<string, unknown>).status === 'uncaught-error') {
        const text = (raw as Record<string, unknown>).exception_text;
        return {
          ok: false,
          reason: `Dask answered with an error: ${typeof text === 'string' ? text.slice(0, 300) : 'no text'}`,
        };
      }
      const r = unwrap(raw, 0);
      return 'reason' in r ? { ok: false, reason: r.reason } : { ok: true, value: r.value };
    },
  };
}

export type Codec = ReturnType<typeof createCodec>;
