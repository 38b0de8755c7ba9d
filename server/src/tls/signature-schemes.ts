// TLS SignatureScheme names (RFC 8446 §4.2.3, RFC 8734, and the legacy TLS 1.2 hash/signature pairs), for reports.

const SCHEMES: Readonly<Record<number, string>> = {
  0x0201: 'rsa_pkcs1_sha1',
  0x0202: 'dsa_sha1',
  0x0203: 'ecdsa_sha1',
  0x0301: 'rsa_pkcs1_sha224',
  0x0302: 'dsa_sha224',
  0x0303: 'ecdsa_sha224',
  0x0401: 'rsa_pkcs1_sha256',
  0x0402: 'dsa_sha256',
  0x0403: 'ecdsa_secp256r1_sha256',
  0x0501: 'rsa_pkcs1_sha384',
  0x0502: 'dsa_sha384',
  0x0503: 'ecdsa_secp384r1_sha384',
  0x0601: 'rsa_pkcs1_sha512',
  0x0602: 'dsa_sha512',
  0x0603: 'ecdsa_secp521r1_sha512',
  0x0804: 'rsa_pss_rsae_sha256',
  0x0805: 'rsa_pss_rsae_sha384',
  0x0806: 'rsa_pss_rsae_sha512',
  0x0807: 'ed25519',
  0x0808: 'ed448',
  0x0809: 'rsa_pss_pss_sha256',
  0x080a: 'rsa_pss_pss_sha384',
  0x080b: 'rsa_pss_pss_sha512',
  0x081a: 'ecdsa_brainpoolP256r1tls13_sha256',
  0x081b: 'ecdsa_brainpoolP384r1tls13_sha384',
  0x081c: 'ecdsa_brainpoolP512r1tls13_sha512',
};

/** `rsa_pss_rsae_sha256`, or `0x0a0b` for a code point the registry here does not name. */
export function signatureSchemeName(code: number): string {
  return SCHEMES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}

const BY_NAME = new Map(Object.entries(SCHEMES).map(([code, name]) => [name, Number(code)]));

/** The code point of a scheme name (`rsa_pss_rsae_sha256`); undefined for a name not in the registry here. */
export function signatureSchemeCode(name: string): number | undefined {
  return BY_NAME.get(name);
}
