import { everywhere } from '../../lint/rule';
import { allAliasMaterial } from '../material';
import { inEnvs, type WorkspaceRule } from '../rule';

const DAY = 86_400_000;
const day = (d: Date): string => d.toISOString().slice(0, 10);

export const certificateExpired: WorkspaceRule = {
  id: 'certificate-expired',
  description: "A certificate in an alias's certificate file has expired.",
  why: 'Apigee rejects an expired certificate at upload, and a backend rejects an expired client certificate.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments())) {
      const certs = m.cert?.parsed;
      if (!certs?.ok) continue;
      const expired = certs.certificates.filter((c) => c.notAfter.getTime() < ctx.now.getTime());
      for (const c of expired)
        ctx.report(
          m.alias.file,
          m.cert!.located.span,
          `Certificate '${c.subject}' of alias '${m.alias.name}' expired on ${day(c.notAfter)} (${inEnvs([m.env])}).`,
        );
    }
  },
};

export const certificateExpiresSoon: WorkspaceRule = {
  id: 'certificate-expires-soon',
  description: "A certificate in an alias's certificate file expires within apigeeTls.certificateExpiryDays (30 by default).",
  why: 'TLS calls fail the day it expires: rotate it while there is time.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    const now = ctx.now.getTime();
    const limit = now + ctx.expiryDays * DAY;
    for (const m of allAliasMaterial(ctx.workspace, ctx.environments())) {
      const certs = m.cert?.parsed;
      if (!certs?.ok) continue;
      for (const c of certs.certificates.filter((c) => c.notAfter.getTime() >= now && c.notAfter.getTime() < limit)) {
        const days = Math.floor((c.notAfter.getTime() - now) / DAY);
        ctx.report(
          m.alias.file,
          m.cert!.located.span,
          `Certificate '${c.subject}' of alias '${m.alias.name}' expires on ${day(c.notAfter)}, in ${days} day${days === 1 ? '' : 's'} (${inEnvs([m.env])}).`,
        );
      }
    }
  },
};
