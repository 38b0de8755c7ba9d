// The trust anchors and client certificate a connection has in one environment of the workspace: TrustStore →
// reference → keystore → aliases → certificate files; KeyStore + KeyAlias → the alias's certificate and key files.
// Each answer says where it came from, or why the workspace cannot give it (the caller then falls back).
// A plan names a client key by reference only: the key file is read at dial time (clientCertificateAtDial), never
// while planning, so no plan, lens, view or LSP message can hold it.
import type { X509Certificate } from 'node:crypto';
import { child, type SslInfoView } from '../documents/sslinfo';
import type { TrustStore } from '../diagnosis/trust';
import { keyMatches } from '../workspace/certificates';
import { aliasMaterial, literalPath, type AliasMaterial } from '../workspace/material';
import type { AliasDef } from '../workspace/model';
import { describeFailure } from '../fs/regular-file';
import { aliasesOf, keystoreNameOf, REF, resolveStore } from '../workspace/resolve';
import { isSymbolic } from '../workspace/symbols';
import type { EnvIndex, Workspace } from '../workspace/workspace';
import type { ClientCertificate } from './types';

export type TrustChoice =
  /** `store.description` names the path: `truststore ref://r → keystore 'k' → alias 'a' (certs/ca.pem)`. */
  | { kind: 'workspace'; store: TrustStore; unresolved: string[] }
  /** Why the workspace gives no anchors (the caller falls back to its CA files or the system roots). */
  | { kind: 'fallback'; reason: string };

/** Where a KeyAlias's files are: enough to find them again at dial time, nothing read from the key. */
export interface KeyReference {
  /** The environment's project folder and name (EnvIndex `project`, `env`). */
  project: string;
  env: string;
  keystore: string;
  alias: string;
  /** The paths as the configuration writes them. */
  certificateFile: string;
  keyFile: string;
}

/** A plan's answer for two-way TLS: the alias whose key is loaded at dial time, or why there is none. */
export type ClientCertificateChoice =
  /** The certificate is readable and a literal key file is named; whether the key loads and matches is known at dial time. */
  | { kind: 'workspace'; reference: KeyReference; from: string }
  /** `reason`: why two-way TLS gets no certificate from the workspace; undefined when none is needed. */
  | { kind: 'none'; reason: string | undefined };

/** The same answer at dial time: the certificate and its key loaded, or why not. */
export type LoadedClientCertificate =
  { kind: 'workspace'; certificate: ClientCertificate; from: string } | { kind: 'none'; reason: string | undefined };

export const UNTRUSTED_REASON = 'the workspace is not trusted: its certificate and key files are never read';

/** The literal text of an SSLInfo child, or why there is none. */
function storeValue(ssl: SslInfoView | undefined, name: string): { value: string } | { missing: string } {
  const element = ssl === undefined ? undefined : child(ssl, name);
  const text = element?.text.trim() ?? '';
  if (element === undefined || (text === '' && !element.opaque)) return { missing: `SSLInfo names no ${name}` };
  if (element.opaque || isSymbolic(text)) return { missing: `the ${name} '${element.text}' is decided at run or build time` };
  return { value: text };
}

/** The keystore a store value names in the environment, with the steps that led there, or why not. */
function keystoreOf(env: EnvIndex, value: string, what: string): { keystore: string; steps: string } | { missing: string } {
  const resolution = resolveStore(env, value);
  const keystore = keystoreNameOf(resolution);
  if (resolution.kind === 'reference' && resolution.reference === undefined)
    return { missing: `reference '${resolution.name}' is not defined in environment '${env.env}'` };
  if (keystore === undefined || keystore === '' || isSymbolic(keystore))
    return { missing: `the ${what} '${value}' does not resolve to a keystore in environment '${env.env}'` };
  const steps = value.trim().startsWith(REF) ? `${value.trim()} → keystore '${keystore}'` : `keystore '${keystore}'`;
  return { keystore, steps };
}

/** Why an alias gives no certificate; undefined when it does. */
function certificateProblem(material: AliasMaterial): string | undefined {
  const name = `alias '${material.alias.name}'`;
  if (material.generated) return `${name} is a selfsignedcert: Apigee generates its certificate`;
  if (material.cert === undefined)
    return material.archive !== undefined || material.alias.format === 'pkcs12'
      ? `${name} is a PKCS#12 archive, which is not read`
      : `${name} names no literal certificate file`;
  const { read, parsed, located } = material.cert;
  if (!read.ok) return `${name}: '${located.value}' ${describeFailure(read.reason)}`;
  if (parsed === undefined || !parsed.ok)
    return `${name}: '${located.value}' ${parsed?.ok === false && parsed.problem === 'pkcs12' ? 'is a PKCS#12 archive' : 'holds no certificate'}`;
  return undefined;
}

function certificatesOf(material: AliasMaterial): X509Certificate[] {
  const parsed = material.cert?.parsed;
  return parsed?.ok === true ? parsed.certificates.map((c) => c.x509) : [];
}

/** The TrustStore's certificates in this environment. */
export function workspaceTrust(ws: Workspace, env: EnvIndex | undefined, ssl: SslInfoView | undefined, trusted: boolean): TrustChoice {
  const fallback = (reason: string): TrustChoice => ({ kind: 'fallback', reason });
  const value = storeValue(ssl, 'TrustStore');
  if ('missing' in value) return fallback(value.missing);
  if (!trusted) return fallback(UNTRUSTED_REASON);
  if (env === undefined) return fallback(`no environment configuration resolves the TrustStore '${value.value}'`);
  const keystore = keystoreOf(env, value.value, 'TrustStore');
  if ('missing' in keystore) return fallback(keystore.missing);
  const aliases = [...aliasesOf(env, keystore.keystore).values()].flatMap((list) => list.slice(0, 1));
  if (aliases.length === 0) return fallback(`keystore '${keystore.keystore}' has no aliases in environment '${env.env}'`);
  const anchors: X509Certificate[] = [];
  const used: string[] = [];
  const unresolved: string[] = [];
  for (const alias of aliases) {
    const material = aliasMaterial(ws, env, alias);
    const problem = certificateProblem(material);
    if (problem !== undefined) unresolved.push(problem);
    else {
      anchors.push(...certificatesOf(material));
      used.push(`alias '${alias.name}' (${material.cert!.located.value})`);
    }
  }
  if (anchors.length === 0) return fallback(`the truststore cannot be read from files: ${unresolved.join('; ')}`);
  const description = `the truststore ${keystore.steps} → ${used.join(', ')} in environment '${env.env}'`;
  return { kind: 'workspace', store: { anchors, description }, unresolved };
}

/** Why an alias's key (read at dial time) gives no key pair with its certificate; undefined when it does. */
function keyProblem(material: AliasMaterial): string | undefined {
  const certificate = certificateProblem(material);
  if (certificate !== undefined) return certificate;
  const name = `alias '${material.alias.name}'`;
  const key = material.key;
  if (key === undefined) return `${name} names no literal key file`;
  if (!key.read.ok) return `${name}: '${key.located.value}' ${describeFailure(key.read.reason)}`;
  if (key.parsed?.ok !== true)
    return key.parsed?.problem === 'encrypted'
      ? `${name}: the key '${key.located.value}' is protected by a password the configuration does not hold`
      : `${name}: '${key.located.value}' is not a private key`;
  const leaf = material.cert?.parsed?.ok === true ? material.cert.parsed.certificates[0] : undefined;
  if (leaf === undefined || !keyMatches(leaf, key.parsed.key))
    return `${name}: the key '${key.located.value}' does not belong to the certificate '${material.cert!.located.value}'`;
  return undefined;
}

/**
 * The KeyAlias whose certificate and key Apigee presents, when SSLInfo enables two-way TLS: its certificate is read
 * and checked, its key file only named (clientCertificateAtDial reads it).
 */
export function workspaceClientCertificate(
  ws: Workspace,
  env: EnvIndex | undefined,
  ssl: SslInfoView | undefined,
  clientAuthEnabled: boolean,
  trusted: boolean,
): ClientCertificateChoice {
  const none = (reason: string | undefined): ClientCertificateChoice => ({ kind: 'none', reason });
  if (!clientAuthEnabled) return none(undefined);
  if (!trusted) return none(UNTRUSTED_REASON);
  const keyStore = storeValue(ssl, 'KeyStore');
  if ('missing' in keyStore) return none(keyStore.missing);
  const keyAlias = storeValue(ssl, 'KeyAlias');
  if ('missing' in keyAlias) return none(keyAlias.missing);
  if (env === undefined) return none(`no environment configuration resolves the KeyStore '${keyStore.value}'`);
  const keystore = keystoreOf(env, keyStore.value, 'KeyStore');
  if ('missing' in keystore) return none(keystore.missing);
  const alias: AliasDef | undefined = aliasesOf(env, keystore.keystore).get(keyAlias.value)?.[0];
  if (alias === undefined) return none(`keystore '${keystore.keystore}' has no alias '${keyAlias.value}' in environment '${env.env}'`);
  const material = aliasMaterial(ws, env, alias);
  const problem = certificateProblem(material);
  if (problem !== undefined) return none(problem);
  // A key written inline (a Terraform heredoc) is named by what it is (`the key heredoc`), read at dial time like a file.
  if (alias.keyInline === undefined && literalPath(ws, env, alias.keyFile) === undefined)
    return none(`alias '${alias.name}' names no literal key file`);
  const reference: KeyReference = {
    project: env.project,
    env: env.label,
    keystore: keystore.keystore,
    alias: alias.name,
    certificateFile: material.cert!.located.value,
    keyFile: alias.keyInline?.located.value ?? alias.keyFile!.value,
  };
  const from = `the keystore ${keystore.steps} → alias '${alias.name}' (${reference.certificateFile}, ${reference.keyFile}) in environment '${env.env}'`;
  return { kind: 'workspace', reference, from };
}

/**
 * Dial time: the key a plan names, read now through the workspace's reader and checked against its certificate
 * (password, match). Only a `workspace` choice reads anything.
 */
export function clientCertificateAtDial(ws: Workspace, choice: ClientCertificateChoice): LoadedClientCertificate {
  if (choice.kind === 'none') return choice;
  const { reference } = choice;
  const env = ws.env(reference.project, reference.env);
  const alias = env === undefined ? undefined : aliasesOf(env, reference.keystore).get(reference.alias)?.[0];
  if (env === undefined || alias === undefined)
    return {
      kind: 'none',
      reason: `alias '${reference.alias}' is no longer in keystore '${reference.keystore}' of environment '${reference.env}'`,
    };
  const material = aliasMaterial(ws, env, alias, { key: true });
  const problem = keyProblem(material);
  const key = material.key?.parsed;
  if (problem !== undefined || key?.ok !== true) return { kind: 'none', reason: problem ?? `alias '${alias.name}' has no key` };
  const cert = certificatesOf(material)
    .map((c) => c.toString())
    .join('');
  return { kind: 'workspace', certificate: { cert, key: key.key }, from: choice.from };
}

/** Trust anchors and a client certificate the host holds: CLI flags, or the editor's settings. */
export interface GivenMaterial {
  trust: TrustStore | undefined;
  clientCertificate: ClientCertificate | undefined;
  /** CLI `--ca` / `--client-cert`: they win over the workspace's; settings only stand in for it. */
  explicit: boolean;
}

export interface ChosenMaterial {
  trust: TrustStore | undefined;
  clientCertificate: ClientCertificate | undefined;
  /** For reports: where the trust anchors came from, and why. */
  trustSource: string;
  /** Where the client certificate came from, or why two-way TLS has none; null when none is needed. */
  clientCertificateSource: string | null;
}

/** What the probe uses: explicit flags, else the workspace's, else the host's fallback (CA files, system roots). */
export function chooseMaterial(
  probe: { trust: TrustChoice; clientCertificate: LoadedClientCertificate },
  given: GivenMaterial,
): ChosenMaterial {
  const ownTrust = given.explicit && given.trust !== undefined;
  const trust = ownTrust ? given.trust : probe.trust.kind === 'workspace' ? probe.trust.store : given.trust;
  let trustSource: string;
  if (ownTrust) trustSource = `${given.trust!.description} (given explicitly)`;
  else if (probe.trust.kind === 'workspace')
    trustSource = [probe.trust.store.description, ...probe.trust.unresolved.map((u) => `not used: ${u}`)].join('; ');
  else trustSource = `${given.trust?.description ?? 'the system roots'}, because ${probe.trust.reason}`;

  const cc = probe.clientCertificate;
  if ((given.explicit && given.clientCertificate !== undefined) || (cc.kind === 'none' && cc.reason === undefined)) {
    const source =
      given.clientCertificate === undefined
        ? null
        : given.explicit
          ? 'the client certificate given explicitly'
          : 'the configured client certificate';
    return { trust, clientCertificate: given.clientCertificate, trustSource, clientCertificateSource: source };
  }
  if (cc.kind === 'workspace') return { trust, clientCertificate: cc.certificate, trustSource, clientCertificateSource: cc.from };
  return {
    trust,
    clientCertificate: given.clientCertificate,
    trustSource,
    clientCertificateSource:
      given.clientCertificate === undefined ? `none, because ${cc.reason}` : `the configured client certificate, because ${cc.reason}`,
  };
}
