import { isAbsolute } from 'node:path';
import { everywhere } from '../../lint/rule';
import { MAX_PEM_BLOCKS } from '../../tls/pem';
import { allAliasMaterial, fileName, type MaterialFile } from '../material';
import { describeFailure, type ReadFailure } from '../../fs/regular-file';
import { inEnvs, type WorkspaceRule, type WorkspaceRuleContext } from '../rule';
import type { AliasMaterial } from '../material';
import { MAX_ITERATIONS, type KeystoreFile } from '../keystore-files';

export const certificateFileMissing: WorkspaceRule = {
  id: 'certificate-file-missing',
  description: 'An alias names a certificate, key or PKCS#12 file that does not exist.',
  why: 'The apigee-config-maven-plugin fails to upload the alias: the keystore stays without it.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments(), { key: true })) {
      for (const f of files(m))
        if (!f.read.ok && f.read.reason === 'missing')
          report(
            ctx,
            m,
            f,
            isAbsolute(f.located.value.trim())
              ? 'does not exist'
              : `does not exist (relative paths start at the ${m.env.baseIsPom ? 'Maven project folder, where pom.xml is' : 'workspace folder'})`,
          );
    }
  },
};

export const certificateUnreadable: WorkspaceRule = {
  id: 'certificate-unreadable',
  description:
    'An alias file that exists but cannot be read as a certificate, key or keystore (binary garbage, a PKCS#12 the password does not open, encrypted key, outside the workspace).',
  why: 'Nothing about the certificate (expiry, key match) can be checked; a file Apigee cannot parse fails the upload.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('info'),
  fixable: false,
  check(ctx) {
    const limits = new Map<string, { reason: ReadFailure; uses: Array<{ m: AliasMaterial; f: MaterialFile<unknown> }> }>();
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments(), { key: true })) {
      // An untrusted workspace's files are known by path only: nothing to say about their contents.
      for (const f of files(m)) {
        if (f.read.ok || f.read.reason === 'missing' || f.read.reason === 'untrusted') continue;
        if (TOOL_LIMITS.has(f.read.reason)) {
          const entry = limits.get(f.path) ?? { reason: f.read.reason, uses: [] };
          limits.set(f.path, entry);
          entry.uses.push({ m, f });
        } else report(ctx, m, f, describeFailure(f.read.reason));
      }
      const certs = m.cert?.parsed;
      if (certs !== undefined && !certs.ok) {
        const why =
          certs.problem === 'pkcs12'
            ? 'is a PKCS#12 archive, not a PEM or DER certificate: it cannot be read here'
            : certs.problem === 'no-certificate'
              ? 'holds PEM blocks but no certificate'
              : 'is neither a PEM nor a DER certificate';
        report(ctx, m, m.cert!, why);
      }
      if (certs?.ok === true && certs.capped === true)
        report(ctx, m, m.cert!, `holds more than ${MAX_PEM_BLOCKS.toLocaleString('en-US')} certificates: only the first ones are checked`);
      const key = m.key?.parsed;
      if (key !== undefined && !key.ok)
        report(
          ctx,
          m,
          m.key!,
          key.problem === 'encrypted'
            ? 'is an encrypted key and the alias has no password that opens it'
            : 'is not a private key (PEM or DER)',
        );
      const store = m.archive?.parsed;
      if (store !== undefined) {
        const why = archiveProblem(store, m.alias.password !== undefined);
        if (why !== undefined) report(ctx, m, m.archive!, why);
      }
    }
    for (const { reason, uses } of limits.values()) reportLimit(ctx, reason, uses);
  },
};

/** Reads this tool refuses (not the file's fault): said once per file, however many aliases and environments name it. */
const TOOL_LIMITS: ReadonlySet<ReadFailure> = new Set(['outside-workspace', 'too-large']);

function reportLimit(ctx: WorkspaceRuleContext, reason: ReadFailure, uses: Array<{ m: AliasMaterial; f: MaterialFile<unknown> }>): void {
  const first = uses.reduce((a, b) =>
    b.m.alias.file < a.m.alias.file || (b.m.alias.file === a.m.alias.file && b.f.located.span.start < a.f.located.span.start) ? b : a,
  );
  const aliases = [...new Set(uses.map((u) => `'${u.m.alias.name}'`))];
  const named =
    aliases.length === 1
      ? `alias ${aliases[0]!}`
      : `aliases ${aliases.slice(0, 3).join(', ')}${aliases.length > 3 ? ` and ${aliases.length - 3} more` : ''}`;
  // A key file holds no certificate: what goes unchecked is whether it matches the alias's certificate.
  const unchecked = first.f === first.m.key ? 'whether the key matches the certificate is not checked' : 'its certificates are not checked';
  ctx.report(
    first.m.alias.file,
    first.f.located.span,
    `File '${first.f.located.value}' ${describeFailure(reason)}: ${unchecked} (${named}, ${inEnvs(uses.map((u) => u.m.env))}).`,
  );
}

/** What keeps an archive's certificates or key from being checked, if anything. */
function archiveProblem(store: KeystoreFile, hasPassword: boolean): string | undefined {
  if (store.ok)
    return store.keyLocked === true
      ? `is a JKS keystore whose key ${hasPassword ? "the alias's password does not open" : 'needs a password the alias does not give'}: its certificates are checked, its key is not`
      : undefined;
  if (store.problem === 'password')
    return hasPassword
      ? "is a PKCS#12 archive the alias's password does not open: its certificates are not checked"
      : 'is a PKCS#12 archive without a password in the alias: it cannot be opened, its certificates are not checked';
  if (store.problem === 'rounds')
    return `is a PKCS#12 archive asking for more than ${MAX_ITERATIONS.toLocaleString('en-US')} key-derivation rounds: it is not opened, its certificates are not checked`;
  return 'is neither a PKCS#12 archive nor a JKS keystore';
}

function files(m: AliasMaterial): MaterialFile<unknown>[] {
  return [m.cert, m.key, m.archive].filter((f) => f !== undefined);
}

function report(ctx: WorkspaceRuleContext, m: AliasMaterial, f: MaterialFile<unknown>, what: string): void {
  ctx.report(m.alias.file, f.located.span, `${fileName(f)} of alias '${m.alias.name}' ${what} (${inEnvs([m.env])}).`);
}
