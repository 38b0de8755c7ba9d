// Apigee hybrid's `envs[].httpProxy.scheme` in overrides.yaml: hybrid takes `HTTP`, upper case, and nothing else
// (the runtime's forward proxy is a plain HTTP proxy; `http` or `HTTPS` fails the chart's validation).
import { everywhere } from '../../lint/rule';
import { quoted } from '../../documents/values';
import type { WorkspaceRule } from '../rule';
import { HYBRID_PROXY_SCHEME } from '../runtime-proxy';

export const hybridProxyScheme: WorkspaceRule = {
  id: 'hybrid-proxy-scheme',
  description: "An Apigee hybrid overrides file's envs[].httpProxy.scheme that is not the upper-case HTTP hybrid requires.",
  why: 'Hybrid accepts only HTTP as the forward proxy scheme: apigeectl and the Helm charts refuse the overrides, or the runtime does not call backends through the proxy.',
  fix: 'Sets the scheme to HTTP when it is http in another case.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const facts of ctx.workspace.allFacts()) {
      for (const proxy of facts.runtimeProxies ?? []) {
        const scheme = proxy.scheme;
        if (scheme === undefined || scheme.value === HYBRID_PROXY_SCHEME) continue;
        if (ctx.only !== undefined && !ctx.only.has(proxy.env)) continue;
        const fixable = scheme.value.toUpperCase() === HYBRID_PROXY_SCHEME;
        ctx.report(
          proxy.file,
          scheme.span,
          `The forward proxy of environment ${proxy.env} has scheme ${quoted(scheme.value)}: Apigee hybrid takes HTTP, upper case, only (a plain HTTP proxy the runtime tunnels through with CONNECT).`,
          fixable
            ? { fixes: [{ title: 'Change to HTTP', edits: [{ ...scheme.span, newText: HYBRID_PROXY_SCHEME }], preferred: true }] }
            : {},
        );
      }
    }
  },
};
