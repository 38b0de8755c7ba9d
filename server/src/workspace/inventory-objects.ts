// The audit table's second half: every TLS-relevant object an environment defines (TargetServers, references,
// keystores, aliases), with the certificates and expiry it holds and the proxies whose connections use it. An
// object no bundle uses is listed too (usedBy empty): an environment-only repository gets its whole table.
import { aliasCertificates, type CertificateSummary, type InventoryRow, type StoreSummary } from './inventory';
import { isSymbolic } from './symbols';
import type { EnvIndex, Workspace } from './workspace';

export type ObjectKind = 'TargetServer' | 'reference' | 'keystore' | 'alias';
const KIND_ORDER: readonly ObjectKind[] = ['TargetServer', 'reference', 'keystore', 'alias'];

export interface ObjectRow {
  env: string;
  kind: ObjectKind;
  name: string;
  /** The file defining it. */
  file: string;
  /** TargetServer: `host:port, TLS`; reference: `→ keystore`; alias: `in keystore`. */
  detail: string;
  /** A TargetServer whose host is a build token (`@HOST@`, `${host}`, `{{ host }}`). */
  hostIsToken: boolean;
  /** An alias's certificates (a keystore's are its aliases'), with expiry. */
  certificates: CertificateSummary[];
  /** The proxies and shared flows whose connections use it in this environment, sorted; empty: none here. */
  usedBy: string[];
}

/** Every object of every environment (restricted to `only`), with its users among `rows` (from inventory()). */
export function environmentObjects(ws: Workspace, rows: readonly InventoryRow[], only?: ReadonlySet<string>): ObjectRow[] {
  const used = usage(ws, rows);
  const out: ObjectRow[] = [];
  for (const env of ws.allEnvironments()) {
    if (only !== undefined && !only.has(env.env)) continue;
    const users = (kind: ObjectKind, name: string): string[] => [...(used.get(key(env.project, env.env, kind, name)) ?? [])].sort();
    const row = (kind: ObjectKind, name: string, file: string, detail: string, extra: Partial<ObjectRow> = {}): ObjectRow => ({
      env: env.env,
      kind,
      name,
      file,
      detail,
      hostIsToken: false,
      certificates: [],
      usedBy: users(kind, name),
      ...extra,
    });
    for (const [name, [ts]] of env.targetServers) {
      if (ts === undefined) continue;
      const host = ts.host?.value;
      const tls = ts.tls === true ? 'TLS' : ts.tls === 'template' ? 'TLS unknown' : 'plain HTTP';
      out.push(
        row('TargetServer', name, ts.file, `${host ?? '?'}:${ts.port?.value ?? '?'}, ${tls}`, {
          hostIsToken: host !== undefined && isSymbolic(host),
        }),
      );
    }
    for (const [name, [ref]] of env.references)
      if (ref !== undefined) out.push(row('reference', name, ref.file, `→ ${ref.refers?.value ?? '?'}`));
    for (const [name, [ks]] of env.keystores)
      if (ks !== undefined) out.push(row('keystore', name, ks.file, aliasCount(env.aliases.get(name)?.size ?? 0)));
    for (const [keystore, aliases] of env.aliases)
      for (const [name, [alias]] of aliases)
        if (alias !== undefined)
          out.push(
            row('alias', name, alias.file, `in ${keystore}`, {
              certificates: aliasCertificates(ws, env, alias),
              usedBy: users('alias', `${keystore}/${name}`),
            }),
          );
  }
  return out.sort(
    (a, b) =>
      a.env.localeCompare(b.env) ||
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      a.name.localeCompare(b.name) ||
      a.file.localeCompare(b.file),
  );
}

const aliasCount = (n: number): string => `${n} alias${n === 1 ? '' : 'es'}`;

const key = (project: string, env: string, kind: ObjectKind, name: string): string => `${project}\0${env}\0${kind}\0${name}`;

/** Which proxies use each object: the TargetServers their LoadBalancers name, the stores and aliases their SSLInfo resolves to. */
function usage(ws: Workspace, rows: readonly InventoryRow[]): Map<string, Set<string>> {
  const used = new Map<string, Set<string>>();
  const envByName = new Map<string, EnvIndex>();
  for (const env of ws.allEnvironments()) envByName.set(`${env.project}\0${env.env}`, env);
  for (const r of rows) {
    const env = envByName.get(`${ws.projectOf(r.file) ?? ''}\0${r.env}`);
    if (env === undefined) continue;
    const mark = (kind: ObjectKind, name: string | undefined): void => {
      if (name === undefined) return;
      const k = key(env.project, env.env, kind, name);
      used.set(k, (used.get(k) ?? new Set()).add(r.bundle));
    };
    mark('TargetServer', r.targetServer);
    const stores: Array<[StoreSummary | undefined, string | undefined]> = [
      [r.trustStore, undefined],
      [r.clientCertificate, r.clientCertificate?.alias ?? ''],
    ];
    for (const [store, alias] of stores) {
      if (store === undefined) continue;
      const ref = /^\s*ref:\/\/(.+?)\s*$/.exec(store.value)?.[1];
      mark('reference', ref);
      mark('keystore', store.keystore);
      if (store.keystore === undefined) continue;
      // A truststore uses every alias it holds (each one a trust anchor); a client keystore the KeyAlias only.
      for (const name of env.aliases.get(store.keystore)?.keys() ?? [])
        if (alias === undefined || alias === name) mark('alias', `${store.keystore}/${name}`);
    }
  }
  return used;
}
