import { everywhere } from '../../../lint/rule';
import type { WorkspaceRule } from '../../rule';
import { aliasHost, aliasPort, named, virtualHosts, type VirtualHostIn } from './common';

export const vhostAliasPort: WorkspaceRule = {
  id: 'vhost-alias-port',
  description:
    'An Edge virtual host alias whose port differs from the virtual host port, or a host alias and port two virtual hosts of an environment share.',
  why: 'The management API rejects an alias port other than the virtual host port, and a host alias with its port must be unique: the router cannot tell which virtual host a request is for.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    const seen = new Map<string, VirtualHostIn>();
    for (const at of virtualHosts(ctx)) {
      const port = at.vh.port?.value ?? 443;
      for (const alias of at.vh.hostAliases) {
        const written = aliasPort(alias.value);
        if (written !== undefined && written !== port) {
          ctx.report(
            at.vh.file,
            alias.span,
            `${named(at)}: host alias '${alias.value.trim()}' names port ${written} but the virtual host listens on ${port}: the management API rejects it. Write the alias without a port, or with :${port}.`,
          );
          continue;
        }
        const key = `${at.env.project}\u0000${at.env.label}\u0000${aliasHost(alias.value).toLowerCase()}:${port}`;
        const first = seen.get(key);
        if (first === undefined) seen.set(key, at);
        else if (first.vh !== at.vh)
          ctx.report(
            at.vh.file,
            alias.span,
            `${named(at)}: host alias '${aliasHost(alias.value)}' on port ${port} is also an alias of virtual host '${first.vh.name}': a host alias and port must be unique, the router cannot tell which virtual host (and certificate) a request is for. Remove it from one of them.`,
          );
      }
    }
  },
};
