import { everywhere } from '../../lint/rule';
import type { TargetServerDef } from '../model';
import { inEnvs, type WorkspaceRule } from '../rule';

/** How the file at hand says TLS is off: the JSON sSLInfo or the Terraform resource's own attribute. */
const disabled = (setting: TargetServerDef['tlsSetting']): string =>
  setting === undefined
    ? 'its sSLInfo has "enabled": false'
    : setting === 'ssl_enabled'
      ? 'it has ssl_enabled = false'
      : `its ${setting} has ${setting === 'ssl_info' ? 'ssl_enabled' : 'enabled'} = false`;
const missing = (setting: TargetServerDef['tlsSetting']): string =>
  setting === undefined
    ? 'it has no sSLInfo with "enabled": true'
    : setting === 'ssl_enabled'
      ? 'it has no ssl_enabled = true'
      : `it has no ${setting} block with ${setting === 'ssl_info' ? 'ssl_enabled' : 'enabled'} = true`;

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
            const why = server.tls === false ? disabled(server.tlsSetting) : missing(server.tlsSetting);
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
