// Self-managed load balancer certificates (Terraform: google_compute_ssl_certificate, its regional twin, Certificate
// Manager's self_managed pem_certificate) judged by the alias expiry rules: at the file() path or the heredoc, naming
// the environment groups whose clients get it. Managed certificates renew themselves and are not judged.
import { certificateFile, describeGroups, loadBalancers, servedBy } from '../terraform/load-balancers';
import { expiryOf, inDays, type Expiry } from '../certificate-expiry';
import type { WorkspaceRuleContext } from '../rule';

export function reportLoadBalancerExpiry(ctx: WorkspaceRuleContext, state: Expiry['state']): void {
  for (const view of loadBalancers(ctx.workspace)) {
    for (const cert of view.module.objects) {
      if (cert.kind !== 'certificate' || cert.pem === undefined) continue;
      const parsed = certificateFile(ctx.workspace, cert);
      if (parsed?.ok !== true) continue;
      for (const c of parsed.certificates) {
        const e = expiryOf(c, ctx.now, ctx.expiryDays);
        if (e.state !== state || e.state === 'valid') continue;
        const { proxies, groups } = servedBy(ctx.workspace, view, cert);
        const clients =
          proxies.length === 0
            ? 'no target HTTPS proxy defined beside it serves it'
            : `${proxies.map((p) => p.proxy.address).join(', ')} serve${proxies.length === 1 ? 's' : ''} it to ${groups.length === 0 ? 'its clients (no environment group is defined beside it)' : `clients of ${describeGroups(groups)}`}`;
        const what =
          e.state === 'expired'
            ? `expired on ${e.on}: ${clients}, and they reject it (the TLS handshake fails)`
            : `expires on ${e.on}, ${inDays(e.days)}: ${clients}, and they will reject it from that day`;
        const from = cert.provenance === undefined ? '' : ` (${cert.provenance})`;
        ctx.report(
          cert.file,
          cert.pem.span,
          `Certificate '${c.subject}' of ${cert.address} ${what}. Replace it with a renewed certificate and its key${from}.`,
        );
      }
    }
  }
}
