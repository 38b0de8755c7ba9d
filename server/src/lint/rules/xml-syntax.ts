import { everywhere, type Rule } from '../rule';

/** Reported by the engine itself from the parser's errors (a rule so it can be configured and documented). */
export const xmlSyntax: Rule = {
  id: 'xml-syntax',
  description: 'The file is not well-formed XML.',
  why: 'Apigee refuses to import or deploy a bundle with a malformed file.',
  fix: '–',
  apigeelint: ['BN011'],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const error of ctx.doc.syntaxErrors) {
      ctx.report(tokenAt(ctx.text, error.offset), error.tooLarge ? error.message : `Not well-formed XML: ${error.message}`);
    }
  },
};

/** The tag (to its `>` on the same line) or the word at `offset`: what the error is about. */
function tokenAt(text: string, offset: number): { start: number; end: number } {
  const start = Math.min(offset, Math.max(0, text.length - 1));
  const ahead = text.slice(start, start + 200);
  const tag = /^<[^<>\r\n]*>/.exec(ahead);
  const word = /^[^\s<>]+/.exec(ahead);
  const length = tag?.[0].length ?? word?.[0].length ?? 1;
  return { start, end: Math.min(text.length, start + length) };
}
