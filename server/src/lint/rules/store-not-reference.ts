import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { child } from '../../documents/sslinfo';
import { isTemplate, quoted } from '../../documents/values';

export const storeNotReference: Rule = {
  id: 'store-not-reference',
  description: 'KeyStore or TrustStore names a store directly instead of through a ref:// reference.',
  why: 'Rotating the certificate then needs a redeploy of every proxy; a reference is repointed in one place.',
  fix: 'Prefix ref:// (create the reference in the environment).',
  apigeelint: ['TD005'],
  severity: everywhere('info'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      for (const name of ['KeyStore', 'TrustStore']) {
        const element = child(ssl, name);
        if (element?.textSpan === undefined || element.opaque || element.text === '') continue;
        if (element.text.startsWith('ref://') || isTemplate(element.text)) continue;
        ctx.report(
          element.textSpan,
          `<${name}> names the store ${quoted(element.text)} directly: use a reference (ref://…) so certificates can be rotated without redeploying.`,
          [
            {
              title: `Use ref://${element.text}`,
              edits: [replaceSpan({ start: element.textSpan.start, end: element.textSpan.start }, 'ref://')],
              preferred: false,
            },
          ],
        );
      }
    }
  },
};
