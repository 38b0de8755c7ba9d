import { dirname, join } from 'node:path';
import { everywhere } from '../../lint/rule';
import { CONFIG_FILE, readConfigFile } from '../config-file';
import { isInside } from '../paths';
import { anyRuleById, ALL_RULES } from '../registry';
import type { WorkspaceRule } from '../rule';

/** The `.apigee-tls.json` files the workspace holds: in each folder, and each folder above a model file. */
export function configFilesOf(roots: readonly string[], modelFiles: Iterable<string>): string[] {
  const folders = new Set<string>(roots);
  for (const file of modelFiles) {
    const root = roots.find((r) => isInside(r, file));
    if (root === undefined) continue;
    for (let dir = dirname(file); !folders.has(dir) && isInside(root, dir); dir = dirname(dir)) folders.add(dir);
  }
  return [...folders].map((folder) => join(folder, CONFIG_FILE));
}

export const configFile: WorkspaceRule = {
  id: 'config-file',
  description: 'A value in .apigee-tls.json that is malformed or unknown (a misspelt key or rule id, "Edge" for "edge", a trailing comma).',
  why: 'A value the tools cannot read is not applied: a profile, a rule severity or an ignored path silently missing changes every verdict.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    const ws = ctx.workspace;
    for (const path of configFilesOf(
      ws.roots,
      [...ws.allFacts()].map((f) => f.path),
    )) {
      // A listing says most folders hold none, without a failed read (an exception each) per folder.
      if (ws.files.list(dirname(path))?.some((e) => e.name === CONFIG_FILE) !== true) continue;
      const text = ws.files.readText(path);
      if (text === undefined) continue;
      const { problems } = readConfigFile(
        text,
        (id) => anyRuleById(id) !== undefined,
        () => ALL_RULES.map((r) => r.id),
      );
      for (const p of problems) ctx.report(path, p.span, p.message);
    }
  },
};
