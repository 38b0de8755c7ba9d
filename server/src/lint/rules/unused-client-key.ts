import { appendChild, removeElement, replaceSpan } from '../edits';
import type { Fix } from '../model';
import { everywhere, type Rule } from '../rule';
import { booleanChild, child, valueChild } from '../../documents/sslinfo';

export const unusedClientKey: Rule = {
  id: 'unused-client-key',
  description: 'KeyStore or KeyAlias while ClientAuthEnabled is not true.',
  why: 'Apigee does not present the client certificate: a backend that requires one refuses the handshake.',
  fix: 'Enable client authentication, or remove KeyStore and KeyAlias.',
  apigeelint: ['TD013'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const clientAuth = booleanChild(ssl, 'ClientAuthEnabled');
      if (clientAuth === true || clientAuth === 'template') continue;
      // `<KeyStore/>` names nothing to present: only keys with a value count.
      const keys = ['KeyStore', 'KeyAlias'].map((name) => valueChild(ssl, name)).filter((e) => e !== undefined);
      if (keys.length === 0) continue;
      const existing = child(ssl, 'ClientAuthEnabled');
      const enable: Fix = {
        title: 'Enable client authentication',
        edits: [
          existing?.textSpan !== undefined
            ? replaceSpan(existing.textSpan, 'true')
            : appendChild(ctx.text, ssl.element, ['<ClientAuthEnabled>true</ClientAuthEnabled>']),
        ],
        preferred: false,
      };
      const remove: Fix = { title: 'Remove KeyStore and KeyAlias', edits: keys.map((k) => removeElement(ctx.text, k)), preferred: false };
      for (const key of keys) {
        ctx.report(
          key.nameSpan,
          `<${key.name}> is set but <ClientAuthEnabled> is not true: Apigee does not present a client certificate.`,
          [enable, remove],
        );
      }
    }
  },
};
