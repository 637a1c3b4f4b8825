/**
 * A scheduler that speaks Dask's comm protocol for the benchmark's 1,000 workers: the handshake,
 * then `identity` and `processing` answered with the synthetic cluster's (synthetic-identity.ts),
 * framed and msgpack-encoded as distributed writes them (one frame per message). Any other op gets
 * the error reply Dask sends for an unknown handler.
 */
import net from 'node:net';
import { decode, encode } from '@msgpack/msgpack';
import { createFrameReader, encodeMessage } from '../main/monitor/dask/comm/comm-frames';

const HANDSHAKE = encodeMessage(encode({ compression: null, python: [3, 11, 2], 'pickle-protocol': 5 }));

/** Serves `replies` (op → already encoded answer) on a free loopback port; resolves with the port. */
export function serveComm(replies: ReadonlyMap<string, unknown>): Promise<number> {
  const encoded = new Map([...replies].map(([op, value]) => [op, encodeMessage(encode(value))]));
  const server = net.createServer((socket) => {
    socket.setNoDelay(true);
    socket.on('error', () => socket.destroy());
    socket.write(HANDSHAKE);
    const reader = createFrameReader(1 << 20);
    let greeted = false;
    socket.on('data', (chunk) => {
      for (const frames of reader.push(chunk)) {
        if (!greeted) {
          greeted = true; // the client's handshake
          continue;
        }
        const message = decode(frames[0]!) as { op?: unknown };
        const op = typeof message.op === 'string' ? message.op : '';
        socket.write(
          encoded.get(op) ??
            encodeMessage(encode({ status: 'uncaught-error', exception_text: `No handler ${op} found in Scheduler` })),
        );
      }
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)),
  );
}

/** What the scheduler's `processing` op answers: each worker's keys, one running task each. */
export function syntheticProcessing(identity: { workers: Record<string, unknown> }): Record<string, string[]> {
  return Object.fromEntries(
    Object.keys(identity.workers).map((address, i) => [
      address,
      [`dask_job_00000000-0000-4000-8000-${String(i).padStart(12, '0')}:${i % 7}`],
    ]),
  );
}
