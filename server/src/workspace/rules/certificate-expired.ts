import { everywhere } from '../../lint/rule';
import { aliasCertificates, allAliasMaterial } from '../material';
import type { AliasDef, ExportedCertificate } from '../model';
import { inEnvs, type WorkspaceRule } from '../rule';
import type { EnvIndex } from '../workspace';

const DAY = 86_400_000;
const day = (d: Date): string => d.toISOString().slice(0, 10);

export const certificateExpired: WorkspaceRule = {
  id: 'certificate-expired',
  description: "A certificate in an alias's certificate file (or recorded by a management API export of the alias) has expired.",
  why: 'Apigee rejects an expired certificate at upload, and a backend rejects an expired client certificate.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments()))
      for (const { file, certificates } of aliasCertificates(m))
        for (const c of certificates.filter((c) => c.notAfter.getTime() < ctx.now.getTime()))
          ctx.report(
            m.alias.file,
            file.located.span,
            `Certificate '${c.subject}' of alias '${m.alias.name}' expired on ${day(c.notAfter)} (${inEnvs([m.env])}).`,
          );
    for (const { alias, env, c } of exported(ctx.environments()))
      if (c.notAfter.getTime() < ctx.now.getTime())
        ctx.report(
          alias.file,
          c.span,
          `Certificate ${named(c)}of alias '${alias.name}' expired on ${day(c.notAfter)}, as the export records (${inEnvs([env])}).`,
        );
  },
};

/** The certificates management API exports record, per alias. */
function* exported(envs: readonly EnvIndex[]): Generator<{ alias: AliasDef; env: EnvIndex; c: ExportedCertificate }> {
  for (const env of envs)
    for (const aliases of env.aliases.values())
      for (const list of aliases.values()) for (const alias of list) for (const c of alias.exported ?? []) yield { alias, env, c };
}

const named = (c: ExportedCertificate): string => (c.subject === undefined ? '' : `'${c.subject}' `);

export const certificateExpiresSoon: WorkspaceRule = {
  id: 'certificate-expires-soon',
  description:
    "A certificate in an alias's certificate file (or a management API export of the alias) expires within apigeeTls.certificateExpiryDays (30 by default).",
  why: 'TLS calls fail the day it expires: rotate it while there is time.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    const now = ctx.now.getTime();
    const limit = now + ctx.expiryDays * DAY;
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments()))
      for (const { file, certificates } of aliasCertificates(m))
        for (const c of certificates.filter((c) => c.notAfter.getTime() >= now && c.notAfter.getTime() < limit)) {
          const days = Math.floor((c.notAfter.getTime() - now) / DAY);
          ctx.report(
            m.alias.file,
            file.located.span,
            `Certificate '${c.subject}' of alias '${m.alias.name}' expires on ${day(c.notAfter)}, in ${days} day${days === 1 ? '' : 's'} (${inEnvs([m.env])}).`,
          );
        }
    for (const { alias, env, c } of exported(ctx.environments())) {
      if (c.notAfter.getTime() < now || c.notAfter.getTime() >= limit) continue;
      const days = Math.floor((c.notAfter.getTime() - now) / DAY);
      ctx.report(
        alias.file,
        c.span,
        `Certificate ${named(c)}of alias '${alias.name}' expires on ${day(c.notAfter)}, in ${days} day${days === 1 ? '' : 's'}, as the export records (${inEnvs([env])}).`,
      );
    }
  },
};
