// TLS alert descriptions (RFC 8446 §6, RFC 5246 §7.2) by number.

const ALERTS: Record<number, string> = {
  0: 'close_notify',
  10: 'unexpected_message',
  20: 'bad_record_mac',
  22: 'record_overflow',
  40: 'handshake_failure',
  42: 'bad_certificate',
  43: 'unsupported_certificate',
  44: 'certificate_revoked',
  45: 'certificate_expired',
  46: 'certificate_unknown',
  47: 'illegal_parameter',
  48: 'unknown_ca',
  49: 'access_denied',
  50: 'decode_error',
  51: 'decrypt_error',
  70: 'protocol_version',
  71: 'insufficient_security',
  80: 'internal_error',
  86: 'inappropriate_fallback',
  90: 'user_canceled',
  109: 'missing_extension',
  110: 'unsupported_extension',
  112: 'unrecognized_name',
  113: 'bad_certificate_status_response',
  115: 'unknown_psk_identity',
  116: 'certificate_required',
  120: 'no_application_protocol',
};

/** The alerts whose meaning a verdict depends on. */
export const ALERT = {
  handshakeFailure: 40,
  protocolVersion: 70,
  unrecognizedName: 112,
  certificateRequired: 116,
} as const;

export function alertName(code: number): string {
  return ALERTS[code] ?? `alert ${code}`;
}

/** `handshake_failure (40)`: how reports name an alert. */
export function describeAlert(code: number): string {
  return `${alertName(code)} (${code})`;
}

/**
 * The alert number from a TLS library error code such as `ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE` (OpenSSL) or
 * `…TLSV1_ALERT_UNKNOWN_CA` (BoringSSL names them the same way); undefined when the error is not a received alert.
 */
export function alertFromErrorCode(code: string | undefined): number | undefined {
  const name = /ALERT_([A-Z_]+)$/.exec(code ?? '')?.[1]?.toLowerCase();
  if (name === undefined) return undefined;
  const found = Object.entries(ALERTS).find(([, n]) => n === name);
  return found === undefined ? undefined : Number(found[0]);
}
