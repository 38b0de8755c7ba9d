import { everywhere, type Rule } from '../rule';
import { child } from '../../documents/sslinfo';

export const keyAliasReference: Rule = {
  id: 'keyalias-reference',
  description: 'KeyAlias written as a ref:// reference.',
  why: 'Apigee does not resolve references in KeyAlias: no key is found and two-way TLS fails.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const alias = child(ssl, 'KeyAlias');
      if (alias?.textSpan === undefined || !alias.text.startsWith('ref://')) continue;
      ctx.report(
        alias.textSpan,
        'KeyAlias can not be a ref:// reference: name the alias itself (only KeyStore and TrustStore take references).',
      );
    }
  },
};
