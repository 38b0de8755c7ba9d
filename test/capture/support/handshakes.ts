// Handshake messages that parse like the real thing, for hand-built captures the analysis judges: a ClientHello
// as the probe encodes it, ServerHellos of TLS 1.2 and 1.3, a Certificate message with real DER, alerts. The
// record framing helpers (tls.ts) wrap them.
import { clientHelloMessage } from '../../../server/src/probe/client-hello';
import { GROUPS } from '../../../server/src/tls/registry';
import type { TlsProtocol } from '../../../server/src/tls/versions';
import { u16, u8, vec } from '../../../server/src/tls/wire/bytes';
import { record } from './tls';

export const SUITE = { ecdheRsaAes128Gcm: 0xc02f, ecdheEcdsaAes128Gcm: 0xc02b, aes128Gcm13: 0x1301 } as const;

export function helloMessage(protocols: TlsProtocol[], sni: string | null, suites: number[] = Object.values(SUITE)): Buffer {
  const tls13 = protocols.includes('TLSv1.3');
  return clientHelloMessage({
    protocols,
    suites,
    sni,
    random: Buffer.alloc(32, 0x11),
    sessionId: tls13 ? Buffer.alloc(32, 0x22) : Buffer.alloc(0),
    keyShares: tls13 ? [{ group: GROUPS.x25519, publicKey: Buffer.alloc(32, 0x33) }] : [],
  });
}

export function serverHelloMessage(version: 0x0303 | 0x0304, cipher: number): Buffer {
  const extensions =
    version === 0x0304
      ? [
          Buffer.concat([u16(43), vec(2, u16(0x0304))]),
          Buffer.concat([u16(51), vec(2, u16(GROUPS.x25519), vec(2, Buffer.alloc(32, 0x44)))]),
        ]
      : [];
  const body = Buffer.concat([
    u16(0x0303),
    Buffer.alloc(32, 0x55),
    vec(1, version === 0x0304 ? Buffer.alloc(32, 0x22) : Buffer.alloc(0)),
    u16(cipher),
    u8(0),
    vec(2, ...extensions),
  ]);
  return Buffer.concat([u8(2), vec(3, body)]);
}

/** A TLS 1.2 Certificate message, leaf first. */
export function certificateMessage(ders: Buffer[]): Buffer {
  return Buffer.concat([u8(11), vec(3, vec(3, ...ders.map((der) => vec(3, der))))]);
}

export const serverHelloDoneMessage = (): Buffer => Buffer.from([14, 0, 0, 0]);

/** Handshake messages as records of at most `size` bytes of fragment (a message may span several records). */
export function handshakeRecords(messages: Buffer[], size = 16384): Buffer {
  const bytes = Buffer.concat(messages);
  const records: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) records.push(record(22, bytes.subarray(at, at + size)));
  return Buffer.concat(records);
}

/** An encrypted record (application_data framing) of that many bytes, filled with `fill` (a marker, say). */
export function sealed(length: number, fill: Buffer | string = Buffer.from([0xee])): Buffer {
  return record(23, Buffer.alloc(length, fill));
}
