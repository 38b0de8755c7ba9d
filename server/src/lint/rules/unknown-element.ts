import { renameElement } from '../edits';
import type { Fix } from '../model';
import { everywhere, type Rule } from '../rule';
import { SSLINFO_CONTAINER_ITEM, SSLINFO_ELEMENT_NAMES } from '../../documents/sslinfo-schema';
import { closest } from '../suggest';
import type { XmlElement } from '../../documents/xml/types';

const CONTAINER_OF_ITEM: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(SSLINFO_CONTAINER_ITEM).map(([c, i]) => [i, c]),
);

export const unknownElement: Rule = {
  id: 'unknown-element',
  description: 'A child of SSLInfo (or of Protocols/Ciphers) that Apigee does not know, or text where Protocols/Ciphers expect elements.',
  why: 'Apigee rejects the bundle on deployment, or silently ignores the setting you meant to make.',
  fix: 'Rename it to the closest valid name; wrap a stray Protocol/Cipher (or bare values) in the element Apigee reads.',
  apigeelint: ['EP002', 'PO043'],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    const flag = (element: XmlElement, valid: readonly string[], where: string, present: ReadonlySet<string>): void => {
      const suggestion = closest(element.name, valid);
      const hint = suggestion === undefined ? ` Valid here: ${valid.join(', ')}.` : ` Did you mean <${suggestion}>?`;
      // Renaming onto a name that is already there would only trade this error for a duplicate.
      const taken = suggestion !== undefined && present.has(suggestion);
      ctx.report(
        element.nameSpan,
        `<${element.name}> is not an element Apigee knows inside <${where}>.${hint}`,
        suggestion === undefined
          ? []
          : [{ title: `Rename to <${suggestion}>`, edits: renameElement(element, suggestion), preferred: !taken }],
      );
    };
    /** The run of stray items being reported: its last index and its shared fix. */
    let run: { end: number; fixes: Fix[] } | undefined;
    for (const ssl of ctx.sslInfos) {
      run = undefined;
      const children = ssl.element.children;
      const present = new Set(children.map((c) => c.name));
      children.forEach((element, index) => {
        const container = CONTAINER_OF_ITEM[element.name];
        if (container !== undefined) {
          strayItem(children, index, container, present.has(container));
          return;
        }
        if (!SSLINFO_ELEMENT_NAMES.includes(element.name)) {
          flag(element, SSLINFO_ELEMENT_NAMES, 'SSLInfo', present);
          return;
        }
        const item = SSLINFO_CONTAINER_ITEM[element.name];
        if (item === undefined) return;
        const itemPresent = new Set([item]);
        for (const entry of element.children) if (entry.name !== item) flag(entry, [item], element.name, itemPresent);
        if (element.children.length === 0) bareText(element, item);
      });
    }

    /**
     * `<Protocol>` straight under SSLInfo: each run of such siblings belongs in one `<Protocols>`. The run's
     * fix is built once, at its first element, and shared (so fix-all applies it once).
     */
    function strayItem(siblings: readonly XmlElement[], index: number, container: string, hasContainer: boolean): void {
      const element = siblings[index]!;
      if (run === undefined || index > run.end || siblings[index - 1]?.name !== element.name) {
        let last = index;
        while (last < siblings.length - 1 && siblings[last + 1]!.name === element.name) last++;
        const start = element.span.start;
        const end = siblings[last]!.span.end;
        const fix: Fix = {
          title: `Wrap in <${container}>`,
          edits: [
            { start, end: start, newText: `<${container}>` },
            { start: end, end, newText: `</${container}>` },
          ],
          preferred: true,
        };
        run = { end: last, fixes: hasContainer ? [] : [fix] };
      }
      ctx.report(element.nameSpan, `<${element.name}> belongs inside <${container}>: Apigee does not read it here.`, run.fixes);
    }

    /** `<Protocols>TLSv1.2</Protocols>`: values must each be in their own item element. */
    function bareText(list: XmlElement, item: string): void {
      if (list.textSpan === undefined || list.opaque) return;
      const values = list.text.split(/[\s,;]+/).filter((v) => v !== '');
      ctx.report(list.textSpan, `<${list.name}> holds text: Apigee reads only <${item}> elements here, one value each.`, [
        {
          title: `Put each value in a <${item}>`,
          edits: [{ ...list.textSpan, newText: values.map((v) => `<${item}>${v}</${item}>`).join('') }],
          preferred: true,
        },
      ]);
    }
  },
};
