import { everywhere } from '../../lint/rule';
import type { WorkspaceRule } from '../rule';
import { basename } from 'node:path';

export const ignoredConfigFile: WorkspaceRule = {
  id: 'ignored-config-file',
  description:
    'A file in a Maven env folder that the apigee-config-maven-plugin never reads (its name prefix differs in case, e.g. targetservers.json).',
  why: 'The entities in it are never created: the environment lacks them at deploy time.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const facts of ctx.workspace.allFacts()) {
      if (facts.role.kind !== 'maven-ignored') continue;
      if (ctx.only !== undefined && !ctx.only.has(facts.role.env)) continue;
      const lineEnd = facts.text.search(/\r?\n|$/);
      const name = basename(facts.path);
      ctx.report(
        facts.path,
        { start: 0, end: Math.max(0, lineEnd) },
        `The apigee-config-maven-plugin reads only files whose name starts with '${facts.role.section}' (case-sensitive): '${name}' is never read. Rename it to '${facts.role.section}${name.slice(facts.role.section.length)}'.`,
      );
    }
  },
};
