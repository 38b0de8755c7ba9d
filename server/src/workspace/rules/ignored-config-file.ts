import { everywhere } from '../../lint/rule';
import type { WorkspaceRule } from '../rule';
import { basename, dirname, relative } from 'node:path';
import { apiExportAlias, notDeployed } from '../deployed';

export const ignoredConfigFile: WorkspaceRule = {
  id: 'ignored-config-file',
  description:
    'A configuration file the apigee-config-maven-plugin never reads (a prefix in the wrong case, targetservers.json; an edge.json beside a pom.xml that sets apigee.config.dir) or cannot deploy (a management API export of aliases).',
  why: 'The entities in it are never created: the environment lacks them at deploy time. Its other findings are shown as info only.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const facts of ctx.workspace.allFacts()) {
      const exported = apiExportAlias(facts);
      if (exported !== undefined && (ctx.only === undefined || ctx.only.has(exported.env)))
        ctx.report(
          facts.path,
          exported.nameSpan,
          `This is a management API export (certsInfo), not apigee-config-maven-plugin input: its aliases have no keystorename and format, so the plugin cannot create them as they are. The certificates it records are still checked for expiry.`,
        );
      const why = notDeployed(ctx.workspace, facts);
      if (why === undefined) continue;
      const envs = facts.role.kind === 'maven-ignored' ? [facts.role.env] : facts.envs;
      if (ctx.only !== undefined && envs.length > 0 && !envs.some((e) => ctx.only!.has(e))) continue;
      const lineEnd = facts.text.search(/\r?\n|$/);
      const name = basename(facts.path);
      const section = why.kind === 'ignored-prefix' ? why.section : '';
      ctx.report(
        facts.path,
        { start: 0, end: Math.max(0, lineEnd) },
        why.kind === 'ignored-prefix'
          ? `The apigee-config-maven-plugin reads only files whose name starts with '${section}' (case-sensitive): '${name}' is never read. Rename it to '${section}${name.slice(section.length)}'.`
          : `${relative(dirname(facts.path), why.pom).replace(/\\/g, '/')} sets apigee.config.dir: the apigee-config-maven-plugin reads that folder, never '${name}', so nothing in it is deployed. Its other findings are shown as info only.`,
      );
    }
  },
};
