import { renameElement } from '../edits';
import { everywhere, type Rule } from '../rule';
import { SSLINFO_CONTAINER_ITEM, SSLINFO_ELEMENT_NAMES } from '../sslinfo-schema';

import { closest } from '../suggest';
import type { XmlElement } from '../xml/types';

export const unknownElement: Rule = {
  id: 'unknown-element',
  description: 'A child of SSLInfo (or of Protocols/Ciphers) that Apigee does not know.',
  why: 'Apigee rejects the bundle on deployment, or silently ignores the setting you meant to make.',
  fix: 'Rename it to the closest valid name.',
  apigeelint: ['EP002', 'PO043'],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    const flag = (element: XmlElement, valid: readonly string[], where: string): void => {
      const suggestion = closest(element.name, valid);
      const hint = suggestion === undefined ? ` Valid here: ${valid.join(', ')}.` : ` Did you mean <${suggestion}>?`;
      ctx.report(
        element.nameSpan,
        `<${element.name}> is not an element Apigee knows inside <${where}>.${hint}`,
        suggestion === undefined
          ? []
          : [{ title: `Rename to <${suggestion}>`, edits: renameElement(element, suggestion), preferred: true }],
      );
    };
    for (const ssl of ctx.sslInfos) {
      for (const element of ssl.element.children) {
        if (!SSLINFO_ELEMENT_NAMES.includes(element.name)) {
          flag(element, SSLINFO_ELEMENT_NAMES, 'SSLInfo');
          continue;
        }
        const item = SSLINFO_CONTAINER_ITEM[element.name];
        if (item === undefined) continue;
        for (const entry of element.children) if (entry.name !== item) flag(entry, [item], element.name);
      }
    }
  },
};
