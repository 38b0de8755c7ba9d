// `{propertyset.S.K}` substitution for one bundle file in one environment: the bundle's set first (it
// shadows an environment set of the same name), then the environment's. Other templates stay symbolic.
import type { EnvIndex, Workspace } from './workspace';

const TEMPLATE = /\{([^{}]*)\}/g;

/** The value with every property-set template replaced; undefined when any template stays unresolved. */
export function substitute(ws: Workspace, file: string, env: EnvIndex | undefined, value: string): string | undefined {
  let unresolved = false;
  const out = value.replace(TEMPLATE, (whole, inner: string) => {
    const m = /^propertyset\.([^.]+)\.(.+)$/.exec(inner);
    const resolved = m === null ? undefined : propertyValue(ws, file, env, m[1]!, m[2]!);
    if (resolved === undefined) unresolved = true;
    return resolved ?? whole;
  });
  return unresolved ? undefined : out;
}

export function propertyValue(ws: Workspace, file: string, env: EnvIndex | undefined, set: string, key: string): string | undefined {
  const proxy = ws.proxyPropertySet(file, set);
  if (proxy !== undefined) return proxy.entries.get(key)?.value;
  if (env === undefined) return undefined;
  return ws.envPropertySet(env, set)?.set?.entries.get(key)?.value;
}
