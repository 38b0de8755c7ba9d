// `apigee-tls-lint capture` on the committed captures (fixtures/README.md): link types and layouts this machine
// cannot record, and hand-built reassembly cases, each with the verdicts it must give.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { SECRET_MARKER } from './fixtures/generate';

const fixtures = join(__dirname, 'fixtures');

async function capture(...argv: string[]): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runCli(['capture', ...argv], { stdout: (t) => (out += t), stderr: (t) => (out += t), cwd: fixtures, isTTY: false });
  return { code, out };
}

interface JsonConnection {
  ok: boolean;
  sni: string | null;
  causes: { code: string; message: string }[];
  negotiated: { protocol: string } | null;
  ladder: { from: string; label: string; decisive: boolean }[];
}

async function connections(file: string, ...argv: string[]): Promise<{ code: number; connections: JsonConnection[] }> {
  const { code, out } = await capture(file, '--format', 'json', ...argv);
  return { code, connections: (JSON.parse(out) as { connections: JsonConnection[] }).connections };
}

const codes = (c: JsonConnection): string[] => c.causes.map((x) => x.code);
const decisive = (c: JsonConnection): string | undefined => c.ladder.find((s) => s.decisive)?.label;

test('802.1Q VLAN, TLS 1.2, a self-signed certificate the client refuses: self-signed-certificate, exit 1', async () => {
  const {
    code,
    connections: [c],
  } = await connections('vlan-tls12-self-signed.pcap');
  assert.deepEqual([code, c!.sni, codes(c!), decisive(c!)], [1, 'backend.example', ['self-signed-certificate'], 'Alert fatal unknown_ca']);
});

test('the same capture judged against that certificate: the client, not the chain, lacks it', async () => {
  const {
    connections: [c],
  } = await connections('vlan-tls12-self-signed.pcap', '--ca', 'backend.example.pem');
  assert.deepEqual(codes(c!), ['untrusted-root']);
  assert.match(c!.causes[0]!.message, /though it chains to backend\.example\.pem: the client's truststore does not hold/);
});

test('IPv6 in big-endian pcapng, the hello reassembled from reordered and repeated segments: protocol-mismatch', async () => {
  const {
    code,
    connections: [c],
  } = await connections('ipv6-protocol-mismatch.pcapng');
  assert.deepEqual([code, c!.sni, codes(c!), decisive(c!)], [1, 'legacy.example', ['protocol-mismatch'], 'Alert fatal protocol_version']);
});

test('Linux cooked v2, TLS 1.3 with the hello split across records and segments: ok, exit 0', async () => {
  const {
    code,
    connections: [c],
  } = await connections('sll2-tls13-split-records.pcapng');
  assert.deepEqual([code, c!.ok, c!.sni, c!.negotiated?.protocol, codes(c!)], [0, true, 'api.example', 'TLSv1.3', []]);
  assert.deepEqual(c!.ladder.map((s) => `${s.from} ${s.label}`).slice(0, 6), [
    'client SYN',
    'server SYN-ACK',
    'client ClientHello',
    'server ServerHello TLSv1.3 TLS_AES_128_GCM_SHA256',
    'server ChangeCipherSpec',
    'server encrypted ×4',
  ]);
});

test('TLS 1.3 recorded with tcpdump, opened with its key log: self-signed-certificate behind the encryption', async () => {
  const [plain, opened] = [
    await connections('tls13-self-signed.pcap'),
    await connections('tls13-self-signed.pcap', '--keylog', 'tls13-self-signed.keylog'),
  ];
  assert.deepEqual([plain.connections.map(codes), opened.connections.map(codes)], [[['handshake-aborted']], [['self-signed-certificate']]]);
});

test('BSD loopback in a nanosecond pcap: a refused connection and a TLS hello answered in HTTP', async () => {
  const { code, connections: found } = await connections('loopback-refused-and-http.pcap');
  assert.deepEqual([code, found.map(codes), found.map(decisive)], [1, [['connection-refused'], ['not-tls']], ['RST', 'FIN']]);
});

test('neither the JSON nor the text report of a capture shows its application data', async () => {
  assert.ok(readFileSync(join(fixtures, 'sll2-tls13-split-records.pcapng')).includes(SECRET_MARKER), 'the capture holds the marker');
  for (const format of ['json', 'text']) {
    const { out } = await capture('sll2-tls13-split-records.pcapng', '--format', format);
    assert.ok(out.length > 0 && !out.includes(SECRET_MARKER), format);
  }
});

test('the JSON report is the wire contract (shared/capture-protocol.ts): these keys, no more, whatever the engine holds', async () => {
  const { out } = await capture('tls13-self-signed.pcap', '--format', 'json', '--keylog', 'tls13-self-signed.keylog');
  const report = JSON.parse(out) as Record<string, unknown> & { connections: Record<string, unknown>[] };
  assert.deepEqual(Object.keys(report), [
    'file',
    'format',
    'linkTypes',
    'packets',
    'truncated',
    'truncation',
    'connections',
    'tlsConnections',
    'failed',
    'skipped',
    'skippedSummary',
    'keylog',
  ]);
  assert.deepEqual(Object.keys(report.connections[0]!), [
    'client',
    'server',
    'startedAt',
    'sni',
    'ok',
    'causes',
    'offered',
    'negotiated',
    'alerts',
    'chain',
    'closedBy',
    'ladder',
    'decrypted',
  ]);
});
