// Resolution within one environment: ref:// → reference → keystore; a direct keystore name; KeyAlias → the
// alias in the resolved keystore. Templates and build tokens stay symbolic.
import type { AliasDef, KeystoreDef, ReferenceDef, TargetServerDef } from './model';
import { isSymbolic } from './symbols';
import type { EnvIndex } from './workspace';

export type StoreResolution =
  | { kind: 'symbolic' | 'empty'; value: string }
  | {
      kind: 'reference';
      value: string;
      name: string;
      reference: ReferenceDef | undefined;
      keystoreName: string | undefined;
      keystore: KeystoreDef | undefined;
    }
  | { kind: 'direct'; value: string; name: string; keystore: KeystoreDef | undefined };

export const REF = 'ref://';

export function resolveStore(env: EnvIndex, value: string): StoreResolution {
  const trimmed = value.trim();
  if (trimmed === '') return { kind: 'empty', value };
  if (trimmed.startsWith(REF)) {
    const name = trimmed.slice(REF.length);
    const reference = env.references.get(name)?.[0];
    if (reference === undefined && isSymbolic(name)) return { kind: 'symbolic', value };
    const keystoreName = reference?.refers?.value.trim();
    const keystore = keystoreName === undefined ? undefined : env.keystores.get(keystoreName)?.[0];
    return { kind: 'reference', value, name, reference, keystoreName, keystore };
  }
  const keystore = env.keystores.get(trimmed)?.[0];
  if (keystore === undefined && isSymbolic(trimmed)) return { kind: 'symbolic', value };
  return { kind: 'direct', value, name: trimmed, keystore };
}

/** The keystore a store value ends at in this environment, by name (even when only aliases name it). */
export function keystoreNameOf(resolution: StoreResolution): string | undefined {
  if (resolution.kind === 'reference') return resolution.keystoreName;
  if (resolution.kind === 'direct') return resolution.name;
  return undefined;
}

export function aliasesOf(env: EnvIndex, keystore: string): ReadonlyMap<string, AliasDef[]> {
  return env.aliases.get(keystore) ?? new Map();
}

export function targetServer(env: EnvIndex, name: string): TargetServerDef | undefined {
  return env.targetServers.get(name)?.[0];
}

/** Whether this environment manages a kind of entity in the repository (else nothing can be said as missing). */
export function manages(env: EnvIndex, kind: 'targetServers' | 'references' | 'keystores'): boolean {
  return env[kind].size > 0;
}
