// The files behind an alias (certificate, key, PKCS#12 archive), read through the workspace's reader. Only
// these paths, named by the configuration, are read.
import { readCertificates, readPrivateKey, type CertificateFile, type CertificateInfo, type KeyFile } from './certificates';
import type { KeystoreFile } from './keystore-files';
import type { AliasDef, InlineMaterial, Located } from './model';
import type { ReadResult } from '../fs/regular-file';
import { isSymbolic } from './symbols';
import type { EnvIndex, Workspace } from './workspace';

export interface MaterialFile<T> {
  located: Located;
  path: string;
  read: ReadResult;
  parsed: T | undefined;
  /** Written in the configuration (`located.value` says what it is, never its content): no file. */
  inline?: true;
}

/** How messages name an alias's file: `File 'certs/a.pem'`, or `The cert heredoc` for inline content. */
export function fileName(f: MaterialFile<unknown>): string {
  return f.inline === true ? f.located.value.replace(/^the/, 'The') : `File '${f.located.value}'`;
}

export interface AliasMaterial {
  alias: AliasDef;
  env: EnvIndex;
  /** `selfsignedcert`: Apigee generates the certificate; any file named is ignored. */
  generated: boolean;
  cert: MaterialFile<CertificateFile> | undefined;
  key: MaterialFile<KeyFile> | undefined;
  /** pkcs12 (or a JKS) `filePath`, opened with the alias's password. */
  archive: MaterialFile<KeystoreFile> | undefined;
}

/** What to read besides the certificate: the key file only when asked (a truststore's anchors need no key). */
export interface MaterialWanted {
  key?: boolean;
}

/**
 * Files are read only when their path is literal (a templated path is resolved at build time); the key file only
 * when `wanted.key` (else `key` is undefined, and nothing of it is read).
 */
export function aliasMaterial(ws: Workspace, env: EnvIndex, alias: AliasDef, wanted: MaterialWanted = {}): AliasMaterial {
  const generated = alias.format === 'selfsignedcert';
  const file = <T>(located: Located | undefined, read: (path: string) => { read: ReadResult; parsed?: T }): MaterialFile<T> | undefined => {
    const path = literalPath(ws, env, located);
    if (generated || located === undefined || path === undefined) return undefined;
    const result = read(path);
    return { located, path, read: result.read, parsed: result.parsed };
  };
  /** Content written in the configuration: read (and parsed) only as a file would be, so not while untrusted. */
  const inline = <T>(material: InlineMaterial | undefined, parse: (data: Uint8Array) => T): MaterialFile<T> | undefined => {
    if (generated || material === undefined) return undefined;
    const read = ws.readInline(material.text);
    // No file: `path` (what rules group reads by) names where it is written.
    const parsed = read.ok ? parse(read.data) : undefined;
    return { located: material.located, path: `${alias.file}#${material.located.span.start}`, read, parsed, inline: true };
  };
  return {
    alias,
    env,
    generated,
    cert:
      inline(alias.certInline, readCertificates) ??
      file(alias.certFile, (p) => {
        const r = ws.readCertificateFile(p);
        return { read: r.read, parsed: r.certs };
      }),
    key:
      wanted.key === true
        ? (inline(alias.keyInline, (data) => readPrivateKey(data, alias.password)) ??
          file(alias.keyFile, (p) => {
            const r = ws.readKeyFile(p, alias.password);
            return { read: r.read, parsed: r.key };
          }))
        : undefined,
    archive: file(alias.archive, (p) => {
      const r = ws.readKeystoreFile(p, alias.password);
      return { read: r.read, parsed: r.store };
    }),
  };
}

/** The absolute path a file value names, when it is literal (not empty, no variable or build token). */
export function literalPath(ws: Workspace, env: EnvIndex, located: Located | undefined): string | undefined {
  if (located === undefined || located.value.trim() === '' || isSymbolic(located.value)) return undefined;
  return ws.resolvePath(env, located.value.trim());
}

/** The certificates an alias's files hold (its certificate file, its archive), each with the file that holds them. */
export function aliasCertificates(m: AliasMaterial): Array<{ file: MaterialFile<unknown>; certificates: CertificateInfo[] }> {
  const out: Array<{ file: MaterialFile<unknown>; certificates: CertificateInfo[] }> = [];
  if (m.cert?.parsed?.ok === true) out.push({ file: m.cert, certificates: m.cert.parsed.certificates });
  if (m.archive?.parsed?.ok === true) out.push({ file: m.archive, certificates: m.archive.parsed.certificates });
  return out;
}

/** Every alias of every environment in scope, with its files (key files only when `wanted.key`). */
export function* allAliasMaterial(ws: Workspace, envs: readonly EnvIndex[], wanted: MaterialWanted = {}): Generator<AliasMaterial> {
  for (const env of envs) {
    for (const aliases of env.aliases.values())
      for (const list of aliases.values()) for (const alias of list) yield aliasMaterial(ws, env, alias, wanted);
  }
}
