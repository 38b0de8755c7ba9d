import { replaceSpan } from '../../lint/edits';
import { everywhere } from '../../lint/rule';
import { closest } from '../../lint/suggest';
import { manages, REF, resolveStore } from '../resolve';
import { inEnvs, type WorkspaceRule } from '../rule';
import { judgedUses, partition } from './uses';

export const unresolvedReference: WorkspaceRule = {
  id: 'unresolved-reference',
  description: 'A ref:// KeyStore or TrustStore that names no reference in the environment(s).',
  why: 'Apigee cannot find the keystore or truststore at deploy or call time: the TLS connection fails.',
  fix: 'Offers the closest reference name when the name looks misspelt.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const use of judgedUses(ctx, 'store')) {
      if (!use.value.trim().startsWith(REF)) continue;
      const judged = use.envs.filter((env) => manages(env, 'references'));
      const [found, missing] = partition(judged, (env) => {
        const r = resolveStore(env, use.value);
        return r.kind !== 'reference' || r.reference !== undefined;
      });
      if (missing.length === 0) continue;
      const name = use.value.trim().slice(REF.length);
      const names = [...new Set(missing.flatMap((env) => [...env.references.keys()]))];
      const suggestion = found.length === 0 ? closest(name, names) : undefined;
      const start = use.span.start + use.value.indexOf(REF) + REF.length;
      const nameSpan = { start, end: start + name.length };
      ctx.report(
        use.file,
        use.span,
        `No reference '${name}' in ${inEnvs(missing)}${found.length > 0 ? ` (defined in ${inEnvs(found)})` : ''}.${suggestion ? ` Did you mean '${suggestion}'?` : ''}`,
        {
          partial: found.length > 0,
          fixes: suggestion ? [{ title: `Use ref://${suggestion}`, edits: [replaceSpan(nameSpan, suggestion)], preferred: false }] : [],
        },
      );
    }
  },
};
