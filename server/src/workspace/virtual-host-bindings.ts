// Which API proxies bind each Edge virtual host: the ProxyEndpoint `<VirtualHost>` elements of every bundle, per
// environment the bundle is deployed to (the audit table's bound proxies, the editor's view).
import { basename, dirname } from 'node:path';
import type { Span } from '../documents/xml/types';
import { bundleNames } from './inventory';
import type { EnvIndex, Workspace } from './workspace';

/** `project, env label, virtual host name` → the ProxyEndpoint `<VirtualHost>` elements naming it, with their bundle. */
export function virtualHostBindings(ws: Workspace): Map<string, { bundle: string; at: { file: string; span: Span } }[]> {
  const names = bundleNames(ws);
  const out = new Map<string, { bundle: string; at: { file: string; span: Span } }[]>();
  for (const facts of ws.allFacts()) {
    if (facts.role.kind !== 'bundle-xml') continue;
    const uses = facts.uses.filter((u) => u.kind === 'virtualHost');
    if (uses.length === 0) continue;
    const bundle = names.get(facts.role.bundleRoot) ?? basename(dirname(facts.role.bundleRoot));
    for (const env of ws.environmentsOf(facts.path))
      for (const use of uses) {
        const key = bindingKey(env, use.value.trim());
        const list = out.get(key) ?? [];
        list.push({ bundle, at: { file: facts.path, span: use.span } });
        out.set(key, list);
      }
  }
  return out;
}

export const bindingKey = (env: EnvIndex, name: string): string => `${env.project}\u0000${env.label}\u0000${name}`;
