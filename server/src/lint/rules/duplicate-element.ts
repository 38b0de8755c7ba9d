import { removeElement } from '../edits';
import { everywhere, type Rule } from '../rule';
import { SSLINFO_ELEMENT_NAMES } from '../../documents/sslinfo-schema';

import type { XmlElement } from '../../documents/xml/types';

export const duplicateElement: Rule = {
  id: 'duplicate-element',
  description: 'A once-only SSLInfo child is repeated, or a connection has two SSLInfo blocks.',
  why: 'Apigee reads only one of them: the other setting is silently lost (or the bundle is rejected).',
  fix: 'Remove the repeat.',
  apigeelint: ['TD012'],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    const flagRepeats = (elements: XmlElement[], where: string): void => {
      const first = new Map<string, XmlElement>();
      for (const element of elements) {
        const earlier = first.get(element.name);
        if (earlier === undefined) {
          first.set(element.name, element);
          continue;
        }
        const same = ctx.text.slice(earlier.span.start, earlier.span.end) === ctx.text.slice(element.span.start, element.span.end);
        ctx.report(element.nameSpan, `<${element.name}> appears more than once in <${where}>; Apigee uses only one of them.`, [
          { title: `Remove this <${element.name}>`, edits: [removeElement(ctx.text, element)], preferred: same },
        ]);
      }
    };
    for (const connection of ctx.connections) flagRepeats(connection.sslInfos, 'HTTPTargetConnection');
    for (const ssl of ctx.sslInfos) {
      flagRepeats(
        ssl.element.children.filter((c) => SSLINFO_ELEMENT_NAMES.includes(c.name)),
        'SSLInfo',
      );
    }
  },
};
