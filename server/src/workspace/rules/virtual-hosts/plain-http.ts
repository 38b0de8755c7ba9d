import { everywhere } from '../../../lint/rule';
import { inEnvs, type WorkspaceRule } from '../../rule';
import { servesTls } from '../../virtual-hosts';
import { boundVirtualHosts, named, virtualHosts } from './common';

export const vhostPlainHttp: WorkspaceRule = {
  id: 'vhost-plain-http',
  description:
    "An Edge virtual host on port 443 without TLS (no sSLInfo, or enabled false), or a ProxyEndpoint bound to a plain HTTP virtual host (one defined without TLS, or Edge Cloud's built-in 'default').",
  why: 'API calls, credentials and tokens travel in clear between the client and the router.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const at of virtualHosts(ctx)) {
      const { vh } = at;
      if (vh.port?.value !== 443 || servesTls(vh) || vh.tls?.value === 'template') continue;
      ctx.report(
        vh.file,
        vh.tls?.value === false ? vh.tls.span : vh.port.span,
        `${named(at)} listens on port 443 without TLS (${vh.sslSpan === undefined ? 'no sSLInfo' : vh.tls === undefined ? 'sSLInfo without enabled true' : 'sSLInfo enabled is false'}): clients speaking HTTPS to it fail, and plain HTTP travels in clear. Add sSLInfo with enabled true, a keyStore and keyAlias.`,
      );
    }
    for (const { file, uses, envs } of boundVirtualHosts(ctx)) {
      for (const use of uses) {
        const name = use.value.trim();
        const plain = envs.filter((env) => {
          const defs = env.virtualHosts.get(name);
          // Edge Cloud's built-in 'default', unless Terraform declares the environment on Apigee X/hybrid (where a
          // ProxyEndpoint's <VirtualHost> is ignored: the environment group's hostnames serve it, over TLS).
          if (defs === undefined) return name === 'default' && ctx.profileOf(file) === 'edge' && env.apigeeX !== true;
          return defs.every((vh) => !servesTls(vh) && vh.tls?.value !== 'template');
        });
        if (plain.length === 0) continue;
        const builtIn = plain.some((env) => !env.virtualHosts.has(name));
        ctx.report(
          file,
          use.span,
          `ProxyEndpoint${use.endpoint === undefined ? '' : ` '${use.endpoint}'`} is bound to virtual host '${name}', which serves plain HTTP${builtIn ? " (Edge Cloud's built-in 'default', port 80)" : ''} in ${inEnvs(plain)}: its API is reachable without TLS. Bind it to a TLS virtual host ('secure' on Edge Cloud) and remove '${name}'.`,
          { partial: plain.length < envs.length },
        );
      }
    }
  },
};
