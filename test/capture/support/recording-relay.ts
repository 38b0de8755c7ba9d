// A TCP relay between a real TLS client and a real TLS server that records what each side sent, with times, and
// turns it into the CapturedConversation a packet capture yields: the handshake analysis tested on real bytes.
import * as net from 'node:net';
import type { CapturedConversation, CapturedRecord, ConnectionEnd, Side } from '../../../server/src/capture/conversation';
import { MalformedError } from '../../../server/src/tls/wire/bytes';
import { RecordReader } from '../../../server/src/tls/wire/records';

export interface RecordingRelay {
  port: number;
  /** The conversations of the connections that have ended, in order. */
  conversations(): CapturedConversation[];
  /** Resolves once `count` connections have ended, or rejects after `timeoutMs`. */
  ended(count: number, timeoutMs?: number): Promise<CapturedConversation[]>;
  close(): Promise<void>;
}

interface Chunk {
  from: Side;
  at: number;
  bytes: Buffer;
}

export async function startRecordingRelay(targetPort: number): Promise<RecordingRelay> {
  const done: CapturedConversation[] = [];
  const waiters: (() => void)[] = [];
  const server = net.createServer({ allowHalfOpen: true }, (client) => {
    const chunks: Chunk[] = [];
    const startedAt = Date.now();
    const clientPort = client.remotePort ?? 0;
    let end: ConnectionEnd | undefined;
    let finished = false;
    const upstream = net.connect({ host: '127.0.0.1', port: targetPort, allowHalfOpen: true });
    const record = (from: Side) => (bytes: Buffer) => chunks.push({ from, at: Date.now(), bytes });
    client.on('data', record('client'));
    upstream.on('data', record('server'));
    client.pipe(upstream);
    upstream.pipe(client);
    const finish = (): void => {
      if (finished) return;
      finished = true;
      client.destroy();
      upstream.destroy();
      done.push(conversationOf(chunks, startedAt, end, clientPort, targetPort));
      waiters.splice(0).forEach((w) => w());
    };
    const closedBy = (by: Side, how: ConnectionEnd['how']) => () => {
      end ??= { by, how, at: Date.now() };
    };
    client.on('end', closedBy('client', 'fin'));
    upstream.on('end', closedBy('server', 'fin'));
    client.on('error', closedBy('client', 'rst'));
    upstream.on('error', closedBy('server', 'rst'));
    // Like a capture, keep what the other side still sends after one side closed (an alert answering a
    // close_notify, say): done when both have closed, or shortly after the first.
    let closed = 0;
    const onClose = (): void => {
      closed += 1;
      if (closed === 2) finish();
      else setTimeout(finish, 500).unref();
    };
    client.on('close', onClose);
    upstream.on('close', onClose);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    conversations: () => [...done],
    ended: (count, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${done.length} of ${count} connections ended`)), timeoutMs);
        const check = (): void => {
          if (done.length < count) return void waiters.push(check);
          clearTimeout(timer);
          resolve([...done]);
        };
        check();
      }),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function conversationOf(
  chunks: Chunk[],
  startedAt: number,
  end: ConnectionEnd | undefined,
  clientPort: number,
  serverPort: number,
): CapturedConversation {
  const readers: Record<Side, RecordReader> = { client: new RecordReader(), server: new RecordReader() };
  const broken: Partial<Record<Side, string>> = {};
  const records: CapturedRecord[] = [];
  for (const chunk of chunks) {
    if (broken[chunk.from] !== undefined) continue;
    const reader = readers[chunk.from];
    reader.push(chunk.bytes);
    try {
      for (let r = reader.next(); r !== undefined; r = reader.next()) {
        records.push({
          from: chunk.from,
          at: chunk.at,
          type: r.type,
          version: r.version,
          length: r.fragment.length,
          fragment: Buffer.from(r.fragment),
        });
      }
    } catch (error) {
      if (!(error instanceof MalformedError)) throw error;
      broken[chunk.from] = error.message;
    }
  }
  const notTlsSide = (['server', 'client'] as const).find((s) => broken[s] !== undefined);
  return {
    client: `127.0.0.1:${clientPort}`,
    server: `127.0.0.1:${serverPort}`,
    startedAt,
    records,
    refused: false,
    end,
    notTls: notTlsSide === undefined ? undefined : { from: notTlsSide, detail: broken[notTlsSide]! },
  };
}
