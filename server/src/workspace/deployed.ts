// Configuration files the build never deploys: a file in a Maven env folder whose prefix differs in case (the
// plugin's prefix match is case-sensitive), and an edge.json beside a pom.xml that sets `apigee.config.dir` (the
// plugin then reads that folder, never the single file). Their content is judged at most as info.
import { dirname, join } from 'node:path';
import type { FileFacts } from './facts';
import type { AliasDef } from './model';
import type { Workspace } from './workspace';

export type NotDeployed = { kind: 'ignored-prefix'; section: string } | { kind: 'config-dir'; pom: string };

/** Why the build never reads this configuration file; undefined when it may. */
export function notDeployed(ws: Workspace, facts: FileFacts): NotDeployed | undefined {
  if (facts.role.kind === 'maven-ignored') return { kind: 'ignored-prefix', section: facts.role.section };
  if (!facts.edgeJson || /template/i.test(facts.path)) return undefined;
  const pom = nearestPom(ws, facts.path);
  return pom !== undefined && setsConfigDir(pom.text) ? { kind: 'config-dir', pom: pom.path } : undefined;
}

/**
 * A management API export committed as plugin input: aliases recording `certsInfo` without the `keystorename` and
 * `format` the plugin needs to create them. Their first such alias, if any.
 */
export function apiExportAlias(facts: FileFacts): AliasDef | undefined {
  return facts.entities.find(
    (e): e is AliasDef => e.kind === 'alias' && e.exported !== undefined && (e.keystore === undefined || e.format === undefined),
  );
}

/** `<apigee.config.dir>` or `-Dapigee.config.dir=`, and no `apigee.config.file` that could name the single file. */
function setsConfigDir(pom: string): boolean {
  return /apigee\.config\.dir\s*[>=]/.test(pom) && !pom.includes('apigee.config.file');
}

function nearestPom(ws: Workspace, path: string): FileFacts | undefined {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const pom = ws.facts(join(dir, 'pom.xml'));
    if (pom?.role.kind === 'pom') return pom;
    if (ws.roots.includes(dir) || dirname(dir) === dir) return undefined;
  }
}
