import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { SSLINFO_BOOLEANS } from '../../documents/sslinfo-schema';
import { child } from '../../documents/sslinfo';
import { normaliseBoolean, quoted, readBoolean } from '../../documents/values';
import type { Span } from '../../documents/xml/types';

export const invalidBoolean: Rule = {
  id: 'invalid-boolean',
  description: 'Enabled, Enforce, ClientAuthEnabled, IgnoreValidationErrors or wildcardMatch is not true/false/{variable}.',
  why: 'Apigee rejects the value on deployment or reads it as false, silently turning the setting off.',
  fix: 'Normalise the spelling where the meaning is clear (True → true).',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    const judge = (value: string, opaque: boolean, span: Span, what: string): void => {
      if (opaque || readBoolean(value) !== 'invalid') return;
      const normal = normaliseBoolean(value);
      const shown = value === '' ? 'empty' : quoted(value);
      ctx.report(
        span,
        `${what} is ${shown}: Apigee expects true or false.`,
        normal === undefined ? [] : [{ title: `Change to ${normal}`, edits: [replaceSpan(span, normal)], preferred: true }],
      );
    };
    for (const ssl of ctx.sslInfos) {
      // A TargetServer's values hold what the management API reads ("TRUE" is true): its spelling is in the JSON.
      const written = (value: string, span: Span | undefined): string =>
        ssl.connection.kind === 'TargetServer' && span !== undefined ? ctx.text.slice(span.start, span.end) : value;
      for (const name of SSLINFO_BOOLEANS) {
        const element = child(ssl, name);
        if (element !== undefined)
          judge(written(element.text, element.textSpan).trim(), element.opaque, element.textSpan ?? element.nameSpan, `<${name}>`);
      }
      const wildcard = child(ssl, 'CommonName')?.attributes.find((a) => a.name === 'wildcardMatch');
      if (wildcard !== undefined) {
        const value = written(wildcard.value, wildcard.valueSpan);
        judge(value, false, value === '' ? wildcard.span : wildcard.valueSpan, 'wildcardMatch');
      }
    }
  },
};
