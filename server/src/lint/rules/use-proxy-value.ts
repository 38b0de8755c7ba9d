// `<Property name="use.proxy">` in an HTTPTargetConnection's <Properties>: whether the runtime calls the backend
// through its forward proxy (true, the default when one is configured) or directly (false). Nothing else.
import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { useProxyProperties } from '../../documents/use-proxy';
import { normaliseBoolean, quoted, readBoolean } from '../../documents/values';

export { USE_PROXY_PROPERTY } from '../../documents/use-proxy';

export const useProxyValue: Rule = {
  id: 'use-proxy-value',
  description: '<Property name="use.proxy"> in <HTTPTargetConnection><Properties> is not true or false.',
  why: "Which way the call goes (through the runtime's forward proxy, or direct) is then unclear: true and false are the values Apigee documents.",
  fix: 'Normalise the spelling where the meaning is clear (True → true).',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const connection of ctx.connections) {
      if (connection.kind === 'TargetServer') continue;
      for (const property of useProxyProperties(connection)) {
        const value = property.text;
        if (property.opaque || readBoolean(value) !== 'invalid') continue;
        const span = property.textSpan ?? property.nameSpan;
        const normal = normaliseBoolean(value);
        ctx.report(
          span,
          `use.proxy is ${value === '' ? 'empty' : quoted(value)}: Apigee expects true (through the runtime's forward proxy) or false (direct).`,
          normal === undefined ? [] : [{ title: `Change to ${normal}`, edits: [replaceSpan(span, normal)], preferred: true }],
        );
      }
    }
  },
};
