/**
 * A small client of Dask's comm protocol for a plain tcp:// address on this machine: connect with
 * a deadline, the handshake (comm/core.py; no compression asked for, so none is used), then
 * {"op": …, "reply": true} requests answered in msgpack (core.py Server._handle_comm). One
 * connection, kept and reused, with at most one request on it at a time; after a failure it is
 * set up again, no sooner than a backoff that doubles up to 30 s. Only the ops it was made for are
 * ever sent.
 */
import { isLoopbackHost } from '../../loopback';
import net from 'node:net';
import { type Codec, createCodec } from './comm-codec';
import { CommProtocolError, createFrameReader, encodeMessage } from './comm-frames';

export type CommResult = { ok: true; value: unknown } | { ok: false; reason: string; reachable: boolean };

export interface CommEndpoint {
  host: string;
  port: number;
}

export type ParsedAddress = { ok: true; endpoint: CommEndpoint } | { ok: false; reason: string };

/**
 * The endpoint of a Dask address such as "tcp://127.0.0.1:56006", if this client may use it:
 * plain TCP (not tls://, whose certificates it does not hold) on this machine (Covalent's
 * LocalCluster is local; the monitor speaks to nothing else over this protocol).
 */
export function parseCommAddress(address: string | null): ParsedAddress {
  if (!address) return { ok: false, reason: 'no address in the config' };
  const m = /^([a-z][a-z0-9+.-]*):\/\/(\[[0-9a-fA-F:.]+\]|[^\s:/[\]@]+):(\d{1,5})$/.exec(address);
  if (!m) return { ok: false, reason: `${JSON.stringify(address.slice(0, 80))} is not a Dask address` };
  const [, scheme, rawHost, rawPort] = m;
  if (scheme !== 'tcp')
    return { ok: false, reason: `a ${scheme}:// address: this monitor speaks Dask's protocol over plain tcp:// only` };
  const host = rawHost!.replace(/^\[|\]$/g, '');
  const port = Number(rawPort);
  if (port < 1 || port > 65535) return { ok: false, reason: `port ${rawPort} is not a port` };
  if (!isLoopbackHost(host))
    return { ok: false, reason: `${host} is not this machine: Dask's protocol is spoken only to a local cluster` };
  return { ok: true, endpoint: { host, port } };
}

export interface CommClientOptions {
  endpoint: CommEndpoint;
  /** The only ops this client sends; anything else is refused before it reaches the socket. */
  ops: readonly string[];
  connectTimeoutMs: number;
  /** Default deadline of a request, from sending it to its whole reply. */
  requestTimeoutMs: number;
  /** The largest reply taken; a larger one is refused at its prelude, before it is read. */
  maxMessageBytes?: number;
  now?: () => number;
}

export interface CommStats {
  connects: number;
  requests: number;
  bytesIn: number;
}

export interface CommClient {
  request(op: string, args?: Record<string, unknown>, options?: { timeoutMs?: number }): Promise<CommResult>;
  /** Counters for the benchmark: how often a connection was set up, how many requests it carried. */
  stats(): CommStats;
  close(): void;
}

/** 16 MB: identity of 1,000 workers is about 2 MB on current Dask. */
export const DEFAULT_MAX_MESSAGE_BYTES = 16 * 1024 * 1024;
const BACKOFF_START_MS = 1000;
const BACKOFF_MAX_MS = 30_000;
/** Requests waiting behind the one in flight; more means the caller is not waiting for answers. */
const MAX_QUEUED = 8;

interface Connection {
  socket: net.Socket;
  /** Resolves with the next whole message off the socket (or rejects when the socket fails). */
  next(timeoutMs: number): Promise<Buffer[]>;
}

class CommFailure extends Error {
  constructor(
    message: string,
    readonly reachable: boolean,
  ) {
    super(message);
  }
}

function describeSocketError(endpoint: CommEndpoint, err: NodeJS.ErrnoException): string {
  return `${endpoint.host}:${endpoint.port}: ${err.code ?? err.message}`;
}

export function createCommClient(options: CommClientOptions): CommClient {
  const now = options.now ?? Date.now;
  const { endpoint } = options;
  const maxBytes = options.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
  const allowed = new Set(options.ops);
  const codec: Codec = createCodec(maxBytes);
  const counters: CommStats = { connects: 0, requests: 0, bytesIn: 0 };
  let connection: Promise<Connection> | null = null;
  let backoffMs = 0;
  let retryAt = 0;
  let lastFailure = '';
  let queue: Promise<unknown> = Promise.resolve();
  let queued = 0;
  let closed = false;

  function open(): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: endpoint.host, port: endpoint.port });
      socket.setNoDelay(true);
      const reader = createFrameReader(maxBytes);
      const ready: Buffer[][] = [];
      let waiter: { resolve(m: Buffer[]): void; reject(e: Error): void } | null = null;
      let failure: CommFailure | null = null;
      const fail = (e: CommFailure) => {
        failure ??= e;
        socket.destroy();
        waiter?.reject(failure);
        waiter = null;
      };
      socket.on('data', (chunk: Buffer) => {
        counters.bytesIn += chunk.length;
        try {
          ready.push(...reader.push(chunk));
        } catch (err) {
          fail(
            new CommFailure(
              err instanceof CommProtocolError ? `not Dask's protocol: ${err.message}` : String(err),
              true,
            ),
          );
          return;
        }
        if (waiter && ready.length > 0) {
          waiter.resolve(ready.shift()!);
          waiter = null;
        }
      });
      socket.on('error', (err: NodeJS.ErrnoException) =>
        fail(new CommFailure(describeSocketError(endpoint, err), false)),
      );
      socket.on('close', () => fail(new CommFailure(`${endpoint.host}:${endpoint.port} closed the connection`, true)));

      const conn: Connection = {
        socket,
        next(timeoutMs) {
          if (ready.length > 0) return Promise.resolve(ready.shift()!);
          if (failure) return Promise.reject(failure);
          return new Promise((res, rej) => {
            // A late reply would answer the next request: the connection is done for (fail rejects this wait).
            const timer = setTimeout(() => fail(new CommFailure(`no answer within ${timeoutMs} ms`, true)), timeoutMs);
            waiter = {
              resolve: (m) => {
                clearTimeout(timer);
                res(m);
              },
              reject: (e) => {
                clearTimeout(timer);
                rej(e);
              },
            };
          });
        },
      };

      const connectTimer = setTimeout(
        () =>
          fail(
            new CommFailure(
              `${endpoint.host}:${endpoint.port}: no connection within ${options.connectTimeoutMs} ms`,
              false,
            ),
          ),
        options.connectTimeoutMs,
      );
      socket.once('connect', () => {
        clearTimeout(connectTimer);
        counters.connects++;
        // The handshake: ours at once, then the server's (it writes first, then reads).
        socket.write(encodeMessage(codec.encode({ compression: null, python: [3, 11, 0], 'pickle-protocol': 5 })));
        conn.next(options.connectTimeoutMs).then((frames) => {
          const hs = codec.decode(frames);
          const map =
            hs.ok && typeof hs.value === 'object' && hs.value !== null ? (hs.value as Record<string, unknown>) : null;
          if (!map || !Object.hasOwn(map, 'pickle-protocol')) {
            fail(new CommFailure(`${endpoint.host}:${endpoint.port} does not greet as a Dask server does`, true));
            reject(failure);
            return;
          }
          resolve(conn);
        }, reject);
      });
      socket.once('error', () => clearTimeout(connectTimer));
      socket.once('close', () => {
        clearTimeout(connectTimer);
        reject(failure);
      });
    });
  }

  function connect(): Promise<Connection> {
    if (connection) return connection;
    if (now() < retryAt) {
      const wait = Math.ceil((retryAt - now()) / 1000);
      return Promise.reject(new CommFailure(`${lastFailure}; trying again in ${wait} s`, false));
    }
    const attempt = open();
    connection = attempt;
    attempt.then(
      (conn) => {
        backoffMs = 0;
        conn.socket.once('close', () => {
          if (connection === attempt) connection = null;
        });
      },
      (err: Error) => {
        if (connection === attempt) connection = null;
        lastFailure = err.message;
        backoffMs = Math.min(BACKOFF_MAX_MS, backoffMs === 0 ? BACKOFF_START_MS : backoffMs * 2);
        retryAt = now() + backoffMs;
      },
    );
    return attempt;
  }

  async function exchange(op: string, args: Record<string, unknown>, timeoutMs: number): Promise<CommResult> {
    let conn: Connection;
    const attempt = connect();
    try {
      conn = await attempt;
    } catch (err) {
      return { ok: false, reason: (err as Error).message, reachable: err instanceof CommFailure && err.reachable };
    }
    counters.requests++;
    try {
      conn.socket.write(encodeMessage(codec.encode({ ...args, op, reply: true })));
      const frames = await conn.next(timeoutMs);
      const decoded = codec.decode(frames);
      return decoded.ok ? decoded : { ok: false, reason: decoded.reason, reachable: true };
    } catch (err) {
      // Done for: the next request sets up a new connection (its close event may come later).
      conn.socket.destroy();
      if (connection === attempt) connection = null;
      return { ok: false, reason: (err as Error).message, reachable: err instanceof CommFailure && err.reachable };
    }
  }

  return {
    request(op, args = {}, requestOptions = {}) {
      if (closed) return Promise.resolve({ ok: false, reason: 'the client is closed', reachable: false });
      if (!allowed.has(op))
        return Promise.resolve({ ok: false, reason: `${op} is not an op this monitor sends`, reachable: false });
      if (Object.keys(args).some((k) => k === 'op' || k === 'reply' || k === 'close' || k.startsWith('__'))) {
        return Promise.resolve({ ok: false, reason: 'reserved argument names', reachable: false });
      }
      if (queued >= MAX_QUEUED)
        return Promise.resolve({ ok: false, reason: 'too many requests waiting', reachable: true });
      queued++;
      const run = queue.then(() => exchange(op, args, requestOptions.timeoutMs ?? options.requestTimeoutMs));
      queue = run.finally(() => {
        queued--;
      });
      return run;
    },
    stats: () => ({ ...counters }),
    close() {
      closed = true;
      void connection?.then(
        (c) => c.socket.destroy(),
        () => undefined,
      );
      connection = null;
    },
  };
}
