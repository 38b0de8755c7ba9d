// The environment objects that carry an sSLInfo of their own (TargetServers southbound, virtual hosts
// northbound): their KeyStore, TrustStore and KeyAlias values are uses of references, keystores and aliases.
import type { TargetServerDef, VirtualHostDef } from './model';
import type { EnvIndex } from './workspace';

/** Every TargetServer and virtual host of an environment. */
export function* sslOwners(env: EnvIndex): Generator<TargetServerDef | VirtualHostDef> {
  for (const servers of env.targetServers.values()) yield* servers;
  for (const hosts of env.virtualHosts.values()) yield* hosts;
}
