// An `ssl_ciphers` value (an OpenSSL cipher string, colon-separated) read token by token: each a suite in
// OpenSSL's spelling, in IANA/JSSE spelling (`TLS_ECDHE_…`, which the router's nginx does not know), a TLS 1.3
// name (not set by ssl_ciphers), or an OpenSSL keyword (`HIGH`, `!aNULL`, `@STRENGTH`) only OpenSSL can expand.
import type { Span } from '../../../documents/xml/types';
import { isTls13Suite } from '../../../tls/cipher-suites';
import { cipherSuiteByName, cipherSuiteByOpenSslName, type CipherSuite } from '../../../tls/names';
import type { Located } from '../../model';

export type CipherToken =
  | { kind: 'openssl'; text: string; span: Span; suite: CipherSuite }
  | { kind: 'iana'; text: string; span: Span; suite: CipherSuite }
  | { kind: 'tls13'; text: string; span: Span }
  | { kind: 'keyword'; text: string; span: Span };

/** The tokens of a cipher string, each with its span in the file. */
export function cipherTokens(value: Located): CipherToken[] {
  const out: CipherToken[] = [];
  for (const m of value.value.matchAll(/[^:,\s]+/g)) {
    const text = m[0];
    const span = { start: value.span.start + m.index, end: value.span.start + m.index + text.length };
    const openssl = cipherSuiteByOpenSslName(text);
    const iana = /^(TLS|SSL)_/.test(text) ? cipherSuiteByName(text) : undefined;
    if (openssl !== undefined) out.push({ kind: 'openssl', text, span, suite: openssl });
    else if (isTls13Suite(text)) out.push({ kind: 'tls13', text, span });
    else if (iana !== undefined) out.push({ kind: 'iana', text, span, suite: iana });
    else out.push({ kind: 'keyword', text, span });
  }
  return out;
}

/** The suites a list of plain suite names enables (IANA names); undefined when a keyword leaves it to OpenSSL. */
export function listedSuites(tokens: readonly CipherToken[]): Set<string> | undefined {
  if (tokens.some((t) => t.kind === 'keyword')) return undefined;
  return new Set(tokens.flatMap((t) => (t.kind === 'openssl' || t.kind === 'iana' ? [t.suite.name] : [])));
}
