import type { Fix } from '../../../lint/model';
import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { cipherTokens, type CipherToken } from './cipher-list';
import { named, virtualHosts } from './common';

/** The value rewritten in OpenSSL names (TLS 1.3 names dropped); none when a suite has no OpenSSL name. */
function converted(tokens: readonly CipherToken[]): string | undefined {
  const names: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'tls13') continue;
    if (t.kind === 'iana' && t.suite.openssl === undefined) return undefined;
    names.push(t.kind === 'iana' ? t.suite.openssl! : t.text);
  }
  return names.length === 0 ? undefined : names.join(':');
}

export const vhostSslCiphersFormat: WorkspaceRule = {
  id: 'vhost-ssl-ciphers-format',
  description:
    "An Edge virtual host's ssl_ciphers written with IANA/JSSE suite names (TLS_ECDHE_…) or TLS 1.3 names, or sSLInfo ciphers/protocols lists (Private Cloud 4.15.07 and older only).",
  why: "The router's nginx reads an OpenSSL cipher string only: IANA names match no suite, and the ciphers[]/protocols[] lists are ignored since 4.17.01.",
  fix: 'Rewrites ssl_ciphers with the OpenSSL names of the same suites.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const { vh } = at;
      const value = vh.properties.get('ssl_ciphers');
      const tokens = value === undefined ? [] : cipherTokens(value);
      const wrong = tokens.filter((t) => t.kind === 'iana' || t.kind === 'tls13');
      if (value !== undefined && wrong.length > 0) {
        const replacement = converted(tokens);
        const fixes: Fix[] =
          replacement === undefined
            ? []
            : [{ title: 'Use the OpenSSL names', edits: [{ ...value.span, newText: replacement }], preferred: true }];
        const iana = wrong.filter((t) => t.kind === 'iana').map((t) => t.text);
        const tls13 = wrong.filter((t) => t.kind === 'tls13').map((t) => t.text);
        const parts = [
          ...(iana.length > 0
            ? [
                `${iana.join(', ')} ${iana.length === 1 ? 'is an IANA name' : 'are IANA names'}: the router's OpenSSL cipher string matches no suite by ${iana.length === 1 ? 'it' : 'them'}`,
              ]
            : []),
          ...(tls13.length > 0 ? [`${tls13.join(', ')}: TLS 1.3 suites are not chosen by ssl_ciphers`] : []),
        ];
        ctx.report(
          vh.file,
          value.span,
          `${named(at)}: ssl_ciphers takes OpenSSL names (ECDHE-RSA-AES128-GCM-SHA256), colon-separated; ${parts.join('; ')}.${replacement === undefined ? '' : ` Write '${replacement}'.`}`,
          { fixes },
        );
      }
      for (const [key, list] of [
        ['ciphers', vh.ciphers],
        ['protocols', vh.protocols],
      ] as const) {
        if (list === undefined) continue;
        ctx.report(
          vh.file,
          list.span,
          `${named(at)} sets sSLInfo ${key} (${list.items.map((i) => i.value).join(', ')}): only Private Cloud 4.15.07 and older read it; since 4.17.01 the router ignores it. Use the ${key === 'ciphers' ? 'ssl_ciphers property (Edge Cloud and Private Cloud)' : 'ssl_protocols property (Private Cloud; Edge Cloud serves TLS 1.2 only)'} instead.`,
        );
      }
    }
  },
};
