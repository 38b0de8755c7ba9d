// The NSS key log format (SSLKEYLOGFILE, as curl, Node's 'keylog' event, openssl s_client -keylogfile, browsers
// and jSSLKeyLog write it): `LABEL <client_random hex> <secret hex>` lines, `#` comments. Only the TLS 1.3
// handshake traffic secrets are kept: they unlock the certificates, the CertificateRequest and the alerts of the
// handshake, never application data. The secrets stay in memory; nothing here prints them.
import { readNamedPrefix } from '../fs/regular-file';
import { describeFailure } from '../fs/regular-file';

/** At most this much of a key log is read: a browser's log of a long day is far smaller. */
export const MAX_KEYLOG_BYTES = 16 * 1024 * 1024;
/** A longer line is no key log line (the longest, a SHA-384 secret, is about 180 characters). */
const MAX_LINE_LENGTH = 1024;

export interface HandshakeSecrets {
  clientHandshake?: Buffer | undefined;
  serverHandshake?: Buffer | undefined;
}

export interface KeyLog {
  /** By client random, lower-case hex. */
  secrets: Map<string, HandshakeSecrets>;
  /** Well-formed lines of other labels (TLS 1.2 CLIENT_RANDOM, application traffic secrets, …). */
  ignored: number;
  /** Lines that are no key log line: wrong field count, bad hex, too long. */
  malformed: number;
}

const LABELS: Record<string, keyof HandshakeSecrets> = {
  CLIENT_HANDSHAKE_TRAFFIC_SECRET: 'clientHandshake',
  SERVER_HANDSHAKE_TRAFFIC_SECRET: 'serverHandshake',
};
const RANDOM = /^[0-9a-fA-F]{64}$/;
/** TLS 1.3 secrets are a hash long: 32 (SHA-256) or 48 (SHA-384) bytes; other labels carry other lengths. */
const SECRET = /^(?:[0-9a-fA-F]{2}){16,64}$/;

/** The handshake secrets of a key log text; anything else is counted, never thrown. */
export function parseKeyLog(text: string | Buffer): KeyLog {
  const keyLog: KeyLog = { secrets: new Map(), ignored: 0, malformed: 0 };
  const bounded = typeof text === 'string' ? text.slice(0, MAX_KEYLOG_BYTES) : text.subarray(0, MAX_KEYLOG_BYTES).toString('latin1');
  for (const raw of bounded.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.length > MAX_LINE_LENGTH) {
      keyLog.malformed++;
      continue;
    }
    const fields = line.split(/\s+/);
    const [label, random, secret] = fields;
    if (fields.length !== 3 || !RANDOM.test(random!) || !SECRET.test(secret!)) {
      keyLog.malformed++;
      continue;
    }
    const slot = LABELS[label!];
    if (slot === undefined) {
      keyLog.ignored++;
      continue;
    }
    const key = random!.toLowerCase();
    const entry = keyLog.secrets.get(key) ?? {};
    entry[slot] = Buffer.from(secret!, 'hex');
    keyLog.secrets.set(key, entry);
  }
  return keyLog;
}

/** Reads at most MAX_KEYLOG_BYTES of a key log (a regular file); throws saying why it cannot be read. */
export function readKeyLogFile(path: string): KeyLog {
  const read = readNamedPrefix(path, MAX_KEYLOG_BYTES);
  if (!read.ok) throw new Error(`it ${describeFailure(read.reason)}`);
  return parseKeyLog(Buffer.from(read.data.buffer, read.data.byteOffset, read.data.byteLength));
}
