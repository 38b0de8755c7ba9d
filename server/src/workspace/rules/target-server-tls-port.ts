import { everywhere } from '../../lint/rule';
import { inEnvs, type WorkspaceRule } from '../rule';

export const targetServerTlsPort: WorkspaceRule = {
  id: 'target-server-tls-port',
  description: 'A TargetServer on port 443 without TLS enabled, or with TLS enabled on port 80.',
  why: 'Plain HTTP sent to a TLS port (or a TLS handshake sent to an HTTP port) fails every call.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const env of ctx.environments()) {
      for (const servers of env.targetServers.values()) {
        for (const server of servers) {
          const port = server.port;
          if (port?.value === 443 && (server.tls === false || server.tls === undefined)) {
            const terraform = server.source === 'terraform';
            const why =
              server.tls === false
                ? terraform
                  ? 'its s_sl_info has enabled = false'
                  : 'its sSLInfo has "enabled": false'
                : terraform
                  ? 'it has no s_sl_info block with enabled = true'
                  : 'it has no sSLInfo with "enabled": true';
            const from = server.provenance === undefined ? '' : `; ${server.provenance}`;
            ctx.report(
              server.file,
              port.span,
              `TargetServer '${server.name}' uses port 443 but ${why}: Apigee sends plain HTTP to a TLS port (${inEnvs([env])}${from}).`,
            );
          } else if (port?.value === 80 && server.tls === true) {
            ctx.report(server.file, port.span, `TargetServer '${server.name}' enables TLS on port 80, an HTTP port (${inEnvs([env])}).`);
          }
        }
      }
    }
  },
};
