import { appendChild } from '../edits';
import { everywhere, type Rule } from '../rule';
import { booleanChild, child, misplaced, valueChild } from '../../documents/sslinfo';

export const clientAuthIncomplete: Rule = {
  id: 'client-auth-incomplete',
  description: 'ClientAuthEnabled=true without KeyStore or KeyAlias.',
  why: 'Apigee has no client certificate to present: the deployment fails, or the backend ends the handshake (bad_certificate / handshake_failure).',
  fix: 'Insert the missing KeyStore / KeyAlias with placeholders.',
  apigeelint: ['TD013'],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const enabled = child(ssl, 'ClientAuthEnabled');
      if (enabled?.textSpan === undefined || booleanChild(ssl, 'ClientAuthEnabled') !== true) continue;
      // An empty <KeyStore/> names no keystore either; one written beside SSLInfo is misplaced-sslinfo-child's finding.
      const missing = ['KeyStore', 'KeyAlias'].filter((name) => valueChild(ssl, name) === undefined && !misplaced(ssl.connection, name));
      if (missing.length === 0) continue;
      const lines = missing.map((name) =>
        name === 'KeyStore' ? '<KeyStore>ref://keystore-ref</KeyStore>' : '<KeyAlias>key-alias</KeyAlias>',
      );
      const snippet = missing.map((name, i) =>
        name === 'KeyStore' ? `<KeyStore>ref://\${${i + 1}:keystore-ref}</KeyStore>` : `<KeyAlias>\${${i + 1}:key-alias}</KeyAlias>`,
      );
      ctx.report(
        enabled.textSpan,
        `Two-way TLS is enabled but ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} missing: Apigee has no client certificate to present.`,
        missing.every((name) => child(ssl, name) === undefined)
          ? [{ title: `Insert ${missing.join(' and ')}`, edits: [appendChild(ctx.text, ssl.element, lines, snippet)], preferred: false }]
          : [],
      );
    }
  },
};
