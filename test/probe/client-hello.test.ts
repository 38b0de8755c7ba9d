import assert from 'node:assert/strict';
import { test } from 'node:test';
import { clientHelloMessage, clientHelloRecord, type ClientHelloSpec } from '../../server/src/probe/client-hello';
import { GROUPS } from '../../server/src/tls/registry';
import { parseClientHelloRecord } from './support/client-hello-parser';

const hex = (...parts: string[]): string => parts.join('').replace(/\s+/g, '');
const tls12: ClientHelloSpec = {
  protocols: ['TLSv1.2'],
  suites: [0xc02f],
  sni: 'a.test',
  random: Buffer.alloc(32, 0x11),
  sessionId: Buffer.alloc(0),
  keyShares: [],
};
const tls13: ClientHelloSpec = {
  ...tls12,
  protocols: ['TLSv1.3', 'TLSv1.2'],
  suites: [0x1301, 0xc02f],
  sessionId: Buffer.alloc(32, 0x22),
  keyShares: [{ group: GROUPS.x25519, publicKey: Buffer.alloc(32, 0x33) }],
};

test('a TLS 1.2 ClientHello is byte for byte what RFC 5246 prescribes', () => {
  const expected = hex(
    '16 0301 0082', // record: handshake, TLS 1.0 record version, 130 bytes
    '01 00007e', // ClientHello, 126 bytes
    '0303',
    '11'.repeat(32),
    '00', // client_version TLS 1.2, random, empty session id
    '0002 c02f',
    '01 00', // one suite, null compression
    '0053', // 83 bytes of extensions
    '0000 000b 0009 00 0006 612e74657374', // server_name "a.test"
    '000a 0010 000e 001d 0017 0018 0019 001e 0100 0101', // supported_groups
    '000b 0002 01 00', // ec_point_formats: uncompressed
    '000d 0026 0024 0403 0503 0603 0807 0808 0804 0805 0806 0809 080a 080b 0401 0501 0601 0402 0203 0201 0202',
  );
  assert.equal(clientHelloRecord(clientHelloMessage(tls12)).toString('hex'), expected);
});

test('a TLS 1.3 ClientHello ends with supported_versions, psk modes and the key shares', () => {
  const record = clientHelloRecord(clientHelloMessage(tls13)).toString('hex');
  const tail = hex('002b 0005 04 0304 0303', '002d 0002 01 01', '0033 0026 0024 001d 0020', '33'.repeat(32));
  assert.ok(record.endsWith(tail), record);
  assert.ok(record.includes(hex('0303', '11'.repeat(32), '20', '22'.repeat(32), '0004 1301 c02f')));
});

test('without SNI there is no server_name extension', () => {
  assert.ok(!parseClientHelloRecord(clientHelloRecord(clientHelloMessage({ ...tls12, sni: null }))).extensionTypes.includes(0));
});

test('TLS 1.0 alone is offered through client_version, without supported_versions', () => {
  const seen = parseClientHelloRecord(clientHelloRecord(clientHelloMessage({ ...tls12, protocols: ['TLSv1'] })));
  assert.deepEqual([seen.clientVersion, seen.supportedVersions], [0x0301, null]);
});

test('the newest of several old versions is the client_version', () => {
  const seen = parseClientHelloRecord(clientHelloRecord(clientHelloMessage({ ...tls12, protocols: ['TLSv1', 'TLSv1.1'] })));
  assert.equal(seen.clientVersion, 0x0302);
});

test('an empty protocol list is a programming error', () => {
  assert.throws(() => clientHelloMessage({ ...tls12, protocols: [] }));
});
