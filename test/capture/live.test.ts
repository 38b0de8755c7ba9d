// Captures recorded here with tcpdump of real handshakes against openssl s_server: on lo (Ethernet), on any
// (Linux cooked v2, and v1 with nanosecond times), each also converted to pcapng by editcap. Every file of one
// handshake must give the same connection.
// KEEP_CAPTURES=1 keeps the recorded files (in a capture-live-* directory under the temp dir) to open them in Wireshark.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import * as tls from 'node:tls';
import { readCapture, type CaptureConnection, type CaptureSummary } from '../../server/src/capture/read-capture';
import { startOpenssl, type RunningServer } from '../probe/support/servers';
import { makeSelfSignedCertificate } from '../support/self-signed';
import { ladder } from './support/read';
import { convert, NO_TCPDUMP, record } from './support/tcpdump';

const POLL_DEADLINE_MS = 10_000;

let dir = '';
const serverArgs = (): string[] => ['-cert', join(dir, 'cert.pem'), '-key', join(dir, 'key.pem')];

before(async () => {
  if (NO_TCPDUMP) return;
  dir = await mkdtemp(join(tmpdir(), 'capture-live-'));
  await makeSelfSignedCertificate(dir, 'capture.test');
  await mkdir(join(dir, 'other'));
  await makeSelfSignedCertificate(join(dir, 'other'), 'other.test');
});

after(async () => {
  if (dir && !process.env.KEEP_CAPTURES) await rm(dir, { recursive: true, force: true });
});

const RECORDINGS = [
  { name: 'lo', iface: 'lo', extra: [], linkType: 1 },
  { name: 'any', iface: 'any', extra: [], linkType: 276 },
  { name: 'any-sll1-nano', iface: 'any', extra: ['-y', 'LINUX_SLL', '--time-stamp-precision=nano'], linkType: 113 },
];

function read(file: string): CaptureSummary {
  const result = readCapture(file);
  assert.ok(result.ok, result.ok ? '' : result.error.message);
  return result.capture;
}

/** Waits until the capture holds a connection that ended (FIN or RST) and no packet came in the last poll. */
async function settled(file: string): Promise<void> {
  const end = Date.now() + POLL_DEADLINE_MS;
  let packets = -1;
  while (Date.now() < end) {
    const result = readCapture(file);
    const done = result.ok && result.capture.connections.some((c) => c.closedBy ?? c.resetBy);
    if (done && result.ok && result.capture.packets === packets) return;
    packets = result.ok ? result.capture.packets : -1;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${file}: the connection did not end in the capture within ${POLL_DEADLINE_MS} ms`);
}

interface Files {
  /** [label, path, expected link type] for each pcap and its pcapng conversion. */
  files: [string, string, number][];
}

/** Records `traffic` against `server` on every interface setting, then converts each to pcapng. */
async function recordAll(server: RunningServer, label: string, traffic: () => Promise<void>): Promise<Files> {
  const recordings = [];
  for (const r of RECORDINGS)
    recordings.push({ ...r, recording: await record(r.iface, server.port, join(dir, `${label}-${r.name}.pcap`), r.extra) });
  try {
    await traffic();
    for (const r of recordings) await settled(r.recording.file);
  } finally {
    for (const r of recordings) await r.recording.stop();
  }
  const files: [string, string, number][] = [];
  for (const r of recordings) {
    files.push([`${r.name}.pcap`, r.recording.file, r.linkType]);
    files.push([`${r.name}.pcapng`, await convert(r.recording.file, r.recording.file + 'ng'), r.linkType]);
  }
  return { files };
}

/** What must not depend on the file format or the interface. */
function shape(c: CaptureConnection) {
  return {
    client: c.client,
    server: c.server,
    clientEvidence: c.clientEvidence,
    ladder: ladder(c.records),
    fragments: c.records.map((r) => r.fragment.toString('hex')),
    closedBy: c.closedBy?.from,
    resetBy: c.resetBy?.from,
    midstream: c.midstream,
    truncated: c.truncated,
  };
}

/** The one connection of each file, checked to agree across files. */
function connectionOf({ files }: Files): CaptureConnection {
  const [first, ...rest] = files.map(([label, file, linkType]) => {
    const capture = read(file);
    assert.deepEqual([label, capture.linkTypes, capture.truncated], [label, [linkType], false]);
    assert.equal(capture.connections.length, 1, `${label}: one connection`);
    return [label, capture.connections[0]!] as const;
  });
  for (const [label, c] of rest) assert.deepEqual(shape(c), shape(first![1]), `${label} reads as ${first![0]}`);
  return first![1];
}

function nodeClient(port: number, options: tls.ConnectionOptions): Promise<{ localPort: number; error?: Error }> {
  return new Promise((resolve) => {
    const socket = tls.connect({ host: '127.0.0.1', port, servername: 'capture.test', rejectUnauthorized: false, ...options });
    let localPort = 0;
    socket.once('connect', () => (localPort = socket.localPort!));
    socket.once('secureConnect', () => socket.end('GET / HTTP/1.0\r\n\r\n'));
    socket.on('data', () => undefined);
    socket.once('error', (error) => resolve({ localPort, error }));
    socket.once('close', () => resolve({ localPort }));
  });
}

const skip = NO_TCPDUMP;

test('TLS 1.3 with a Node client: ClientHello, ServerHello, then encrypted records announced', { skip }, async () => {
  const server = await startOpenssl([...serverArgs(), '-tls1_3']);
  let localPort = 0;
  try {
    const files = await recordAll(server, 'tls13', async () => void ({ localPort } = await nodeClient(server.port, {})));
    const c = connectionOf(files);
    assert.deepEqual([c.client, c.server, c.clientEvidence], [`127.0.0.1:${localPort}`, `127.0.0.1:${server.port}`, 'syn']);
    assert.deepEqual(ladder(c.records).slice(0, 4), ['client 22', 'server 22', 'server 20', 'server 23']);
    assert.deepEqual([c.records[0]!.fragment[0], c.records[1]!.fragment[0]], [1, 2]);
    assert.deepEqual([c.fromClient.stopped, c.fromServer.stopped], ['application-data', 'application-data']);
    assert.ok(c.closedBy !== undefined && c.closedBy.time >= c.startedAt);
  } finally {
    await server.stop();
  }
});

test('TLS 1.2 with a Node client: the whole server flight is in clear records', { skip }, async () => {
  const server = await startOpenssl([...serverArgs(), '-no_tls1_3']);
  try {
    const c = connectionOf(await recordAll(server, 'tls12', async () => void (await nodeClient(server.port, {}))));
    const handshakeTypes = c.records.filter((r) => r.from === 'server' && r.contentType === 22).map((r) => r.fragment[0]);
    assert.equal(handshakeTypes[0], 2);
    assert.ok(c.records.some((r) => r.from === 'client' && r.contentType === 20));
    assert.equal(c.records.at(-1)!.contentType, 23);
    assert.equal(c.records.filter((r) => r.missing > 0).length, 0);
  } finally {
    await server.stop();
  }
});

test('protocol mismatch: the server answers a TLS 1.2-only ClientHello with a protocol_version alert', { skip }, async () => {
  const server = await startOpenssl([...serverArgs(), '-tls1_3']);
  try {
    const c = connectionOf(
      await recordAll(server, 'mismatch', async () => void (await nodeClient(server.port, { maxVersion: 'TLSv1.2' }))),
    );
    const alerts = c.records.filter((r) => r.contentType === 21).map((r) => `${r.from} ${r.fragment.toString('hex')}`);
    assert.deepEqual(alerts, ['server 0246']);
    assert.deepEqual(ladder(c.records), ['client 22', 'server 21']);
  } finally {
    await server.stop();
  }
});

test('an openssl s_client that rejects the certificate: its unknown_ca alert, in clear in TLS 1.2', { skip }, async () => {
  const server = await startOpenssl([...serverArgs(), '-no_tls1_3']);
  try {
    const traffic = async (): Promise<void> => {
      // Trusting only an unrelated certificate: the server's self-signed one fails verification.
      const trust = join(dir, 'other', 'cert.pem');
      const args = [
        's_client',
        '-connect',
        `127.0.0.1:${server.port}`,
        '-servername',
        'capture.test',
        '-verify_return_error',
        '-CAfile',
        trust,
      ];
      const child = spawn('openssl', args, { stdio: 'ignore', timeout: 10_000 });
      await new Promise((resolve) => child.once('exit', resolve));
    };
    const c = connectionOf(await recordAll(server, 'rejected', traffic));
    const alert = c.records.find((r) => r.contentType === 21);
    assert.deepEqual([alert?.from, alert?.fragment.toString('hex')], ['client', '0230']); // fatal unknown_ca
    assert.equal(
      c.records.some((r) => r.contentType === 23),
      false,
    );
  } finally {
    await server.stop();
  }
});

test('a snaplen of 100 bytes: the records are there with their missing bytes, and the capture says truncated', { skip }, async () => {
  const server = await startOpenssl([...serverArgs(), '-no_tls1_3']);
  try {
    const file = join(dir, 'snaplen.pcap');
    const recording = await record('lo', server.port, file, ['-s', '100']);
    try {
      await nodeClient(server.port, {});
      await settled(file);
    } finally {
      await recording.stop();
    }
    const capture = read(file);
    assert.deepEqual([capture.truncated, capture.snaplen], [true, 100]);
    const c = capture.connections[0]!;
    assert.deepEqual([c.truncated, c.records[0]!.contentType, c.records[0]!.fragment[0]], [true, 22, 1]);
    assert.ok(c.records[0]!.missing > 0);
  } finally {
    await server.stop();
  }
});
