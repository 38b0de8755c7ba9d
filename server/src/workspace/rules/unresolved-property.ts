import { dirname, relative, sep } from 'node:path';
import { everywhere } from '../../lint/rule';
import { inEnvs, type WorkspaceRule } from '../rule';
import type { EnvIndex } from '../workspace';
import { judgedUses } from './uses';

export const unresolvedProperty: WorkspaceRule = {
  id: 'unresolved-property',
  description: 'A {propertyset.S.K} template whose property set or key exists neither in the bundle nor in the environment(s).',
  why: 'The template resolves to nothing at run time: a URL or SSLInfo value built from it is wrong.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    const ws = ctx.workspace;
    for (const use of judgedUses(ctx, 'property')) {
      const set = use.set!;
      const key = use.key!;
      // A proxy-scoped set shadows an environment set of the same name.
      const proxy = ws.proxyPropertySet(use.file, set);
      if (proxy !== undefined) {
        if (!proxy.entries.has(key))
          ctx.report(
            use.file,
            use.span,
            `Property set '${set}' (${relative(dirname(proxy.bundleRoot ?? proxy.file), proxy.file)
              .split(sep)
              .join('/')}) has no key '${key}'.`,
          );
        continue;
      }
      const noSet: EnvIndex[] = [];
      const noKey: EnvIndex[] = [];
      let judged = 0;
      for (const env of use.envs) {
        if (env.propertySets.size === 0 && ![...env.resourceFiles.values()].flat().some((r) => r.type === 'properties')) continue;
        judged++;
        const found = ws.envPropertySet(env, set);
        if (found?.set === undefined) {
          if (found?.failure === undefined) noSet.push(env);
        } else if (!found.set.entries.has(key)) noKey.push(env);
      }
      if (noSet.length + noKey.length === 0) continue;
      const partial = noSet.length + noKey.length < judged;
      if (noSet.length > 0) ctx.report(use.file, use.span, `No property set '${set}' in the bundle or in ${inEnvs(noSet)}.`, { partial });
      if (noKey.length > 0) ctx.report(use.file, use.span, `Property set '${set}' has no key '${key}' in ${inEnvs(noKey)}.`, { partial });
    }
  },
};
