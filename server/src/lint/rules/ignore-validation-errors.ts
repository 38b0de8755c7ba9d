import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { booleanChild, child, tlsActive } from '../sslinfo';

export const ignoreValidationErrors: Rule = {
  id: 'ignore-validation-errors',
  description: 'IgnoreValidationErrors is true.',
  why: 'Expired, untrusted and self-signed backend certificates are accepted: a man in the middle goes unnoticed.',
  fix: 'Set it to false.',
  apigeelint: ['TD011'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      // A disabled SSLInfo (Enabled=false, or http) is ignored by Apigee: its IgnoreValidationErrors does nothing.
      if (tlsActive(ssl) === false) continue;
      const element = child(ssl, 'IgnoreValidationErrors');
      if (element?.textSpan === undefined || booleanChild(ssl, 'IgnoreValidationErrors') !== true) continue;
      ctx.report(
        element.textSpan,
        'IgnoreValidationErrors=true: Apigee accepts any backend certificate (expired, untrusted, self-signed).',
        [{ title: 'Set IgnoreValidationErrors to false', edits: [replaceSpan(element.textSpan, 'false')], preferred: false }],
      );
    }
  },
};
