// Just enough of TLS 1.3 (RFC 8446 §7) to read an encrypted handshake: key shares, the handshake key schedule, and
// record decryption. The probe reads the server's first flight and never sends anything encrypted; a capture with a
// key log reads both sides' handshake records.
import * as crypto from 'node:crypto';
import { GROUPS, type KeyShareEntry } from '../registry';
import { MalformedError } from './bytes';

export interface KeyPairs {
  shares: KeyShareEntry[];
  /** The shared secret with the server's share, or undefined for a group the probe did not offer. */
  agree(group: number, serverPublic: Buffer): Buffer | undefined;
}

interface KeyPair {
  publicKey: Buffer;
  agree(serverPublic: Buffer): Buffer;
}

const EC_CURVES: Record<number, string> = {
  [GROUPS.secp256r1]: 'prime256v1',
  [GROUPS.secp384r1]: 'secp384r1',
  [GROUPS.secp521r1]: 'secp521r1',
};
const EDWARDS_CURVES: Record<number, 'x25519' | 'x448'> = { [GROUPS.x25519]: 'x25519', [GROUPS.x448]: 'x448' };

function ecKeyPair(curve: string): KeyPair {
  const ecdh = crypto.createECDH(curve);
  ecdh.generateKeys();
  return { publicKey: ecdh.getPublicKey(), agree: (serverPublic) => ecdh.computeSecret(serverPublic) };
}

function edwardsKeyPair(type: 'x25519' | 'x448'): KeyPair {
  const pair = crypto.generateKeyPairSync(type as 'x25519');
  const crv = type === 'x25519' ? 'X25519' : 'X448';
  return {
    publicKey: Buffer.from(pair.publicKey.export({ format: 'jwk' }).x ?? '', 'base64url'),
    agree(serverPublic) {
      const publicKey = crypto.createPublicKey({ key: { kty: 'OKP', crv, x: serverPublic.toString('base64url') }, format: 'jwk' });
      return crypto.diffieHellman({ privateKey: pair.privateKey, publicKey });
    },
  };
}

/** A fresh key pair for a named group; undefined for one this runtime cannot make (FFDHE; x448 without OpenSSL). */
function keyPairFor(group: number): KeyPair | undefined {
  const ec = EC_CURVES[group];
  const edwards = EDWARDS_CURVES[group];
  try {
    return ec !== undefined ? ecKeyPair(ec) : edwards !== undefined ? edwardsKeyPair(edwards) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Fresh shares for the groups given; undefined when one cannot be made. The default, x25519 and P-256, is what
 * servers accept without a HelloRetryRequest; a retry asks for one group (RFC 8446 §4.1.4).
 */
export function generateKeyPairs(groups: readonly number[] = [GROUPS.x25519, GROUPS.secp256r1]): KeyPairs | undefined {
  const pairs = new Map<number, KeyPair>();
  for (const group of groups) {
    const pair = keyPairFor(group);
    if (pair === undefined) return undefined;
    pairs.set(group, pair);
  }
  return {
    shares: [...pairs].map(([group, pair]) => ({ group, publicKey: pair.publicKey })),
    agree: (group, serverPublic) => pairs.get(group)?.agree(serverPublic),
  };
}

interface SuiteParams {
  hash: 'sha256' | 'sha384';
  cipher: crypto.CipherGCMTypes | crypto.CipherCCMTypes | 'chacha20-poly1305';
  keyLength: number;
  tagLength: number;
}

const TLS13_SUITES: Record<number, SuiteParams> = {
  0x1301: { hash: 'sha256', cipher: 'aes-128-gcm', keyLength: 16, tagLength: 16 },
  0x1302: { hash: 'sha384', cipher: 'aes-256-gcm', keyLength: 32, tagLength: 16 },
  0x1303: { hash: 'sha256', cipher: 'chacha20-poly1305', keyLength: 32, tagLength: 16 },
  0x1304: { hash: 'sha256', cipher: 'aes-128-ccm', keyLength: 16, tagLength: 16 },
  0x1305: { hash: 'sha256', cipher: 'aes-128-ccm', keyLength: 16, tagLength: 8 },
};

/** Whether the probe can read a server's flight encrypted with this TLS 1.3 suite. */
export function canDecrypt(suite: number): boolean {
  return TLS13_SUITES[suite] !== undefined;
}

const MESSAGE_HASH = 254;

/**
 * The transcript's start after a HelloRetryRequest (RFC 8446 §4.4.1): the first ClientHello is replaced by a
 * message_hash message holding its hash, in the hash of the suite the retry request chose.
 */
export function helloRetryTranscript(suite: number, clientHello: Buffer, helloRetryRequest: Buffer): Buffer[] {
  const params = TLS13_SUITES[suite];
  if (params === undefined)
    throw new MalformedError(`a HelloRetryRequest for TLS 1.3 suite 0x${suite.toString(16)}, which the probe cannot read`);
  const digest = crypto.createHash(params.hash).update(clientHello).digest();
  return [Buffer.concat([Buffer.from([MESSAGE_HASH, 0, 0, digest.length]), digest]), helloRetryRequest];
}

function hkdfExtract(hash: string, salt: Buffer, ikm: Buffer): Buffer {
  return crypto.createHmac(hash, salt).update(ikm).digest();
}

/** RFC 8446 §7.1 HKDF-Expand-Label; `info` is built in one buffer, with room for HKDF-Expand's block counter. */
function hkdfExpandLabel(hash: string, secret: Buffer, label: string, context: Buffer, length: number): Buffer {
  const fullLabel = `tls13 ${label}`;
  const info = Buffer.allocUnsafe(4 + fullLabel.length + context.length + 1);
  info.writeUInt16BE(length, 0);
  info[2] = fullLabel.length;
  info.write(fullLabel, 3, 'ascii');
  info[3 + fullLabel.length] = context.length;
  context.copy(info, 4 + fullLabel.length);
  return hkdfExpand(hash, secret, info, length);
}

// RFC 5869 HKDF-Expand alone (crypto.hkdfSync always extracts first, which TLS 1.3's key schedule must not), for
// the lengths TLS 1.3 asks for (keys, IVs, secrets): at most one hash block, T(1) = HMAC(PRK, info | 0x01).
// `infoAndCounter` is the info with one spare byte at its end for the counter.
function hkdfExpand(hash: string, prk: Buffer, infoAndCounter: Buffer, length: number): Buffer {
  infoAndCounter[infoAndCounter.length - 1] = 1;
  const block = crypto.createHmac(hash, prk).update(infoAndCounter).digest();
  if (length > block.length) throw new Error(`HKDF-Expand of ${length} bytes: more than one ${hash} block`);
  return block.subarray(0, length);
}

/** Derive-Secret(Early Secret, "derived", "") with no PSK: the same for every handshake of a hash, so made once. */
const derivedSecrets = new Map<string, Buffer>();

function derivedSecret(hash: 'sha256' | 'sha384'): Buffer {
  let derived = derivedSecrets.get(hash);
  if (derived === undefined) {
    const zeros = Buffer.alloc(hash === 'sha256' ? 32 : 48);
    const early = hkdfExtract(hash, zeros, zeros);
    derived = hkdfExpandLabel(hash, early, 'derived', crypto.createHash(hash).digest(), zeros.length);
    derivedSecrets.set(hash, derived);
  }
  return derived;
}

/**
 * Decrypts one direction's records protected under a traffic secret (RFC 8446 §7.3): from the probe's own key
 * share (the server's handshake flight), or from a secret a key log gives (a capture, either direction).
 */
export class RecordDecrypter {
  private readonly key: Buffer;
  private readonly iv: Buffer;
  private sequence = 0;

  private constructor(
    private readonly params: SuiteParams,
    secret: Buffer,
  ) {
    this.key = hkdfExpandLabel(params.hash, secret, 'key', Buffer.alloc(0), params.keyLength);
    this.iv = hkdfExpandLabel(params.hash, secret, 'iv', Buffer.alloc(0), 12);
  }

  /** Undefined for a suite that cannot be decrypted, or a secret that is not one hash long for the suite. */
  static fromTrafficSecret(suite: number, secret: Buffer): RecordDecrypter | undefined {
    const params = TLS13_SUITES[suite];
    if (params === undefined || secret.length !== (params.hash === 'sha256' ? 32 : 48)) return undefined;
    return new RecordDecrypter(params, secret);
  }

  /**
   * The server's handshake traffic, from the shared secret. Undefined for a suite the probe cannot decrypt (it then
   * learns the version and suite only). `transcript`: the handshake messages up to the ServerHello, as sent (after a
   * HelloRetryRequest, see helloRetryTranscript).
   */
  static serverHandshake(suite: number, shared: Buffer, transcript: readonly Buffer[]): RecordDecrypter | undefined {
    const params = TLS13_SUITES[suite];
    if (params === undefined) return undefined;
    const handshakeSecret = hkdfExtract(params.hash, derivedSecret(params.hash), shared);
    const hash = crypto.createHash(params.hash);
    for (const message of transcript) hash.update(message);
    const transcriptHash = hash.digest();
    const serverSecret = hkdfExpandLabel(params.hash, handshakeSecret, 's hs traffic', transcriptHash, transcriptHash.length);
    return new RecordDecrypter(params, serverSecret);
  }

  /** Returns the inner content type and plaintext of one protected record (RFC 8446 §5.2). */
  decrypt(header: Buffer, fragment: Buffer): { type: number; content: Buffer } {
    const { cipher, tagLength } = this.params;
    if (fragment.length < tagLength + 1) throw new MalformedError('encrypted record too short');
    // RFC 8446 §5.3: the IV XOR the 64-bit record sequence number. A flight (MAX_FLIGHT_BYTES) has far fewer than
    // 2^32 records, so only the IV's last four bytes change.
    const nonce = Buffer.from(this.iv);
    nonce.writeUInt32BE((nonce.readUInt32BE(8) ^ this.sequence++) >>> 0, 8);
    const ciphertext = fragment.subarray(0, fragment.length - tagLength);
    const decipher = crypto.createDecipheriv(cipher as crypto.CipherGCMTypes, this.key, nonce, { authTagLength: tagLength });
    decipher.setAAD(header, { plaintextLength: ciphertext.length });
    decipher.setAuthTag(fragment.subarray(fragment.length - tagLength));
    let plain: Buffer;
    try {
      plain = decipher.update(ciphertext);
      // An AEAD's final() only checks the tag: it returns no more plaintext.
      decipher.final();
    } catch {
      throw new MalformedError('could not decrypt a handshake record (record authentication failed)');
    }
    let end = plain.length;
    while (end > 0 && plain[end - 1] === 0) end--;
    if (end === 0) throw new MalformedError('encrypted record without a content type');
    return { type: plain[end - 1]!, content: plain.subarray(0, end - 1) };
  }
}
