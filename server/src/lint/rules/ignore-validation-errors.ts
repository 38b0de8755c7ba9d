import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { booleanChild, child, enforcesStrictTls, tlsActive } from '../../documents/sslinfo';

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
      const enforced = enforcesStrictTls(ssl, ctx.profile);
      ctx.report(
        element.textSpan,
        enforced
          ? 'IgnoreValidationErrors=true has no effect while Enforce=true (Apigee X enforces strict TLS): it only misleads readers of this configuration.'
          : 'IgnoreValidationErrors=true: Apigee accepts expired, untrusted and self-signed backend certificates (only a name mismatch on an SNI backend still fails).',
        [{ title: 'Set IgnoreValidationErrors to false', edits: [replaceSpan(element.textSpan, 'false')], preferred: false }],
      );
    }
  },
};
