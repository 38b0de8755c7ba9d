import { everywhere } from '../../lint/rule';
import type { WorkspaceRule } from '../rule';

export const lenientJson: WorkspaceRule = {
  id: 'lenient-json',
  description: 'Environment configuration JSON with a trailing comma, or a missing comma between array items.',
  why: 'The apigee-config-maven-plugin reads it, but strict JSON tools (apigeecli, jq, editors) reject the file.',
  fix: 'Inserts the missing comma, or removes the trailing one.',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const facts of ctx.workspace.allFacts()) {
      for (const r of facts.recoveries) {
        if (r.kind === 'trailing-comma')
          ctx.report(
            facts.path,
            r.span,
            'Trailing comma before ]: the apigee-config-maven-plugin accepts it, strict JSON parsers do not.',
            {
              fixes: [{ title: 'Remove the trailing comma', edits: [{ ...r.span, newText: '' }], preferred: true }],
            },
          );
        else
          ctx.report(
            facts.path,
            r.span,
            'Missing comma between array items: the apigee-config-maven-plugin accepts it, strict JSON parsers do not.',
            {
              fixes: [{ title: 'Insert the missing comma', edits: [{ ...r.span, newText: ',' }], preferred: true }],
            },
          );
      }
    }
  },
};
