// IANA TLS registry values the wire code shares: named groups (supported_groups, key_share).

export const GROUPS = { x25519: 29, secp256r1: 23, secp384r1: 24, secp521r1: 25, x448: 30, ffdhe2048: 256, ffdhe3072: 257 };

export interface KeyShareEntry {
  group: number;
  publicKey: Buffer;
}
