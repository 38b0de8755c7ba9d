import { everywhere } from '../../lint/rule';
import type { JsonRecovery } from '../../documents/json/json-document';
import type { Fix } from '../../lint/model';
import type { WorkspaceRule } from '../rule';

export const lenientJson: WorkspaceRule = {
  id: 'lenient-json',
  description:
    'Environment configuration JSON with a trailing comma, a missing comma between array items, or a raw line break inside a string.',
  why: 'The apigee-config-maven-plugin reads it, but strict JSON tools (apigeecli, jq, editors) reject the file.',
  fix: 'Inserts the missing comma, removes the trailing one, or writes the line breaks as \\n.',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const facts of ctx.workspace.allFacts())
      for (const r of facts.recoveries) {
        // A template's build tokens are replaced before any tool reads the file.
        if (r.kind === 'build-token') continue;
        const { message, fix } = explain(r, facts.text);
        ctx.report(facts.path, r.span, message, { fixes: [{ ...fix, preferred: true }] });
      }
  },
};

const ACCEPTED = 'the apigee-config-maven-plugin accepts it, strict JSON parsers do not';

function explain(r: Exclude<JsonRecovery, { kind: 'build-token' }>, text: string): { message: string; fix: Omit<Fix, 'preferred'> } {
  switch (r.kind) {
    case 'trailing-comma':
      return {
        message: `Trailing comma before ]: ${ACCEPTED}.`,
        fix: { title: 'Remove the trailing comma', edits: [{ ...r.span, newText: '' }] },
      };
    case 'missing-comma':
      return {
        message: `Missing comma between array items: ${ACCEPTED}.`,
        fix: { title: 'Insert the missing comma', edits: [{ ...r.span, newText: ',' }] },
      };
    case 'line-break': {
      // The plugin's parser keeps the line breaks in the value: the escapes say the same to every parser.
      const lines = r.breaks.length + 1;
      return {
        message: `Line break inside a string (${lines.toLocaleString('en-US')} lines): ${ACCEPTED}. Write the line breaks as \\n.`,
        fix: {
          title: 'Write the line breaks as \\n',
          edits: r.breaks.map((b) => ({ ...b, newText: text.slice(b.start, b.end) === '\r\n' ? '\\r\\n' : '\\n' })),
        },
      };
    }
  }
}
