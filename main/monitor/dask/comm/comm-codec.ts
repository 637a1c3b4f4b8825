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

/** The keys Dask's msgpack_encode_default writes for a set and for parts not in msgpack (protocol/core.py). */
const TAGS = ['__Set__', '__Pickled__', '__Serialized__'].map((t) => Buffer.from(t));

/** Dask's msgpack form of a set ({"__Set__": true, "as-list": [...]}) as its list; anything else as it is. */
function setAsList(v: unknown): unknown {
  if (typeof v !== 'object' || v === null || Array.isArray(v) || v instanceof Uint8Array) return v;
  const map = v as Record<string, unknown>;
  return map.__Set__ === true && Array.isArray(map['as-list']) ? map['as-list'] : v;
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

  /**
   * Checks a decoded reply in place, the decoder's own objects: sets become arrays where they sit,
   * and a pickled or serialized part stops the walk. Returns the reason to refuse it, if any. (A
   * walk that copied the reply cost twice the decoding of 1,000 workers' identity.) Recursive, so
   * bounded in depth.
   */
  function refusal(v: unknown, depth: number): string | null {
    if (typeof v !== 'object' || v === null || v instanceof Uint8Array) return null;
    if (depth > MAX_DEPTH) return `Dask's reply is nested more than ${MAX_DEPTH} deep`;
    if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const x = setAsList(v[i]);
        if (x !== v[i]) v[i] = x;
        const r = refusal(x, depth + 1);
        if (r) return r;
      }
      return null;
    }
    const map = v as Record<string, unknown>;
    if (Object.hasOwn(map, '__Pickled__') || Object.hasOwn(map, '__Serialized__')) {
      const how = Object.hasOwn(map, '__Pickled__') ? 'pickled' : 'serialized';
      return `Dask sent part of its reply ${how}, which this monitor never unpickles`;
    }
    // The decoder makes plain objects and refuses a __proto__ key: for…in sees own keys only.
    for (const k in map) {
      const x = setAsList(map[k]);
      if (x !== map[k]) map[k] = x;
      const r = refusal(x, depth + 1);
      if (r) return r;
    }
    return null;
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
      // The walk only where a tag's bytes are in the frame: most replies (identity) have none, and
      // are handed on as decoded (the parsers look where Dask puts each figure, and recurse nowhere).
      const frame = frames[0]!;
      const tagged = frame.includes('__') && TAGS.some((tag) => frame.includes(tag));
      const value = tagged ? setAsList(raw) : raw;
      const reason = tagged ? refusal(value, 0) : null;
      return reason ? { ok: false, reason } : { ok: true, value };
    },
  };
}

export type Codec = ReturnType<typeof createCodec>;
