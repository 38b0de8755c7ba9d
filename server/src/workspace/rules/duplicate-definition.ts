import { computeLineStarts, lineOf } from '../../documents/lines';
import { everywhere } from '../../lint/rule';
import type { EntityBase } from '../model';
import { inEnvs, type WorkspaceRule } from '../rule';
import { basename } from 'node:path';

const KINDS = [
  ['targetServers', 'TargetServer'],
  ['references', 'Reference'],
  ['keystores', 'Keystore'],
] as const;

export const duplicateDefinition: WorkspaceRule = {
  id: 'duplicate-definition',
  description: 'A TargetServer, reference, keystore or alias defined twice in one environment.',
  why: 'Only one definition survives deployment, and which one depends on file order: the other is silently lost.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const env of ctx.environments()) {
      const groups: Array<[string, EntityBase[]]> = [];
      for (const [key, label] of KINDS) for (const defs of env[key].values()) groups.push([label, defs]);
      for (const [keystore, aliases] of env.aliases)
        for (const defs of aliases.values()) groups.push([`Alias of keystore '${keystore}'`, defs]);
      for (const [label, defs] of groups) {
        // edge.json and the multi-file tree are alternatives (the plugin reads one or the other): only
        // definitions of one layout can clash.
        for (const source of new Set(defs.map((d) => d.source))) {
          const same = defs.filter((d) => d.source === source);
          if (same.length < 2) continue;
          const first = same[0]!;
          const line = lineOf(computeLineStarts(ctx.workspace.facts(first.file)?.text ?? ''), first.nameSpan.start) + 1;
          for (const def of same.slice(1))
            ctx.report(
              def.file,
              def.nameSpan,
              `${label} '${def.name}' is defined again in ${inEnvs([env])} (first at ${basename(first.file)}:${line}).`,
            );
        }
      }
    }
  },
};
