import { appendChild, replaceSpan } from '../edits';
import type { Fix } from '../model';
import { everywhere, type Rule } from '../rule';
import { child, enforcesStrictTls, misplaced, publicCaHost, tlsActive, urlHost, validationOn, valueChild } from '../../documents/sslinfo';

export const missingTrustStore: Rule = {
  id: 'missing-truststore',
  description: 'TLS with certificate validation on, but no TrustStore (an empty one counts as none).',
  why: 'The backend certificate is not checked against a truststore you control. On Apigee X with Enforce=true the default trust checks it: enough for public CAs, not for a private CA.',
  fix: 'Insert <TrustStore>ref://…</TrustStore> with a placeholder (or fill in an empty one).',
  apigeelint: ['TD007'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      if (ssl.connection.loadBalancer !== undefined) continue;
      if (tlsActive(ssl) !== true || validationOn(ssl, ctx.profile) !== true || valueChild(ssl, 'TrustStore') !== undefined) continue;
      // A TrustStore written beside SSLInfo is misplaced-sslinfo-child's finding, and its fix moves the real one in.
      if (misplaced(ssl.connection, 'TrustStore')) continue;
      const enforced = enforcesStrictTls(ssl, ctx.profile);
      const host = urlHost(ssl.connection);
      // Apigee X with Enforce validates against its default trust: a public-CA backend needs nothing more.
      if (enforced && publicCaHost(host)) continue;
      const empty = child(ssl, 'TrustStore');
      const span = empty?.nameSpan ?? ssl.element.nameSpan;
      const what = empty === undefined ? 'TLS without a TrustStore' : `Empty <TrustStore>`;
      const message = enforced
        ? `${what}: with Enforce=true Apigee X validates the backend certificate against its default trust, which holds public CAs only. A backend whose certificate comes from a private or internal CA fails the handshake: add <TrustStore>ref://…</TrustStore> holding that CA.`
        : ctx.profile === 'apigeex'
          ? `${what}: the backend certificate is not validated against a truststore you control. Add <TrustStore>ref://…</TrustStore> (needed for a private CA), or <Enforce>true</Enforce> to validate against Apigee X's default trust (public CAs).`
          : `${what}: the backend certificate is not validated against a truststore you control. Add <TrustStore>ref://…</TrustStore> holding the CA that issued it.`;
      ctx.report(span, message, [insertTrustStore(ctx.text, ssl.element, empty)], enforced ? { severity: 'info' } : {});
    }
  },
};

function insertTrustStore(text: string, sslInfo: Parameters<typeof appendChild>[1], empty: ReturnType<typeof child>): Fix {
  const title = 'Insert a TrustStore reference';
  if (empty === undefined) {
    return {
      title,
      edits: [
        appendChild(
          text,
          sslInfo,
          ['<TrustStore>ref://truststore-ref</TrustStore>'],
          ['<TrustStore>ref://${1:truststore-ref}</TrustStore>'],
        ),
      ],
      preferred: false,
    };
  }
  // `<TrustStore/>` and `<TrustStore> </TrustStore>`: the element stays where it is, with a value.
  const edit =
    empty.endTag === undefined
      ? replaceSpan(empty.span, '<TrustStore>ref://truststore-ref</TrustStore>', '<TrustStore>ref://${1:truststore-ref}</TrustStore>')
      : replaceSpan({ start: empty.startTag.end, end: empty.endTag.start }, 'ref://truststore-ref', 'ref://${1:truststore-ref}');
  return { title, edits: [edit], preferred: false };
}
