import { everywhere } from '../../lint/rule';
import { expiryOf, inDays, type Expiry } from '../certificate-expiry';
import { aliasCertificates, allAliasMaterial } from '../material';
import type { AliasDef, ExportedCertificate } from '../model';
import { inEnvs, type WorkspaceRule, type WorkspaceRuleContext } from '../rule';
import type { EnvIndex } from '../workspace';
import { reportLoadBalancerExpiry } from './lb-certificate-expiry';

/** Every alias certificate (its files, inline PEMs, management API exports) in this expiry state. */
function reportAliasExpiry(ctx: WorkspaceRuleContext, state: Expiry['state']): void {
  const judge = (c: { notAfter: Date }): Expiry => expiryOf(c, ctx.now, ctx.expiryDays);
  const when = (e: Expiry): string =>
    e.state === 'expired' ? `expired on ${e.on}` : e.state === 'soon' ? `expires on ${e.on}, ${inDays(e.days)}` : '';
  for (const m of allAliasMaterial(ctx.workspace, ctx.environments()))
    for (const { file, certificates } of aliasCertificates(m))
      for (const c of certificates) {
        const e = judge(c);
        if (e.state === state)
          ctx.report(
            m.alias.file,
            file.located.span,
            `Certificate '${c.subject}' of alias '${m.alias.name}' ${when(e)} (${inEnvs([m.env])}).`,
          );
      }
  for (const { alias, env, c } of exported(ctx.environments())) {
    const e = judge(c);
    if (e.state === state)
      ctx.report(
        alias.file,
        c.span,
        `Certificate ${named(c)}of alias '${alias.name}' ${when(e)}, as the export records (${inEnvs([env])}).`,
      );
  }
}

export const certificateExpired: WorkspaceRule = {
  id: 'certificate-expired',
  description:
    "A certificate in an alias's certificate file or inline PEM (or recorded by a management API export of the alias), or a self-managed load balancer certificate (Terraform), has expired.",
  why: 'Apigee rejects an expired certificate at upload, a backend rejects an expired client certificate, and API clients reject an expired load balancer certificate.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    reportAliasExpiry(ctx, 'expired');
    reportLoadBalancerExpiry(ctx, 'expired');
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
    "A certificate in an alias's certificate file or inline PEM (or a management API export of the alias), or a self-managed load balancer certificate (Terraform), expires within apigeeTls.certificateExpiryDays (30 by default).",
  why: 'TLS calls fail the day it expires: rotate it while there is time.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    reportAliasExpiry(ctx, 'soon');
    reportLoadBalancerExpiry(ctx, 'soon');
  },
};
