// Edge Private Cloud's message-processor.properties forward proxy: a value the message processors cannot use.
// HTTPClient.proxy.type is HTTP or HTTPS (Apigee's docs), use.proxy a Java boolean (anything but true is false),
// and use.proxy=true without HTTPClient.proxy.host names no proxy to go through.
import { everywhere } from '../../lint/rule';
import { quoted } from '../../documents/values';
import type { WorkspaceRule } from '../rule';

export const mpProxyConfig: WorkspaceRule = {
  id: 'mp-proxy-config',
  description:
    "Edge Private Cloud's message-processor.properties forward proxy: an HTTPClient.proxy.type other than HTTP or HTTPS, a use.proxy other than true or false, or use.proxy true without a proxy host.",
  why: 'The message processors then call backends directly, or fail to, instead of through the forward proxy the installation relies on.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    for (const facts of ctx.workspace.allFacts()) {
      const def = facts.mpProxy;
      if (def === undefined) continue;
      const type = def.type;
      if (type !== undefined && !['HTTP', 'HTTPS'].includes(type.value.toUpperCase()))
        ctx.report(
          def.file,
          type.span,
          `The message processors' forward proxy type is ${quoted(type.value)}: Edge takes HTTP (the default) or HTTPS.`,
        );
      const use = def.useProxy;
      if (use !== undefined && !['true', 'false'].includes(use.value.toLowerCase()))
        ctx.report(
          def.file,
          use.span,
          `HTTPClient.use.proxy is ${quoted(use.value)}: the message processors read anything but true as false. Write true or false.`,
        );
      if (use?.value.toLowerCase() === 'true' && (def.host === undefined || def.host.value === ''))
        ctx.report(
          def.file,
          use.span,
          'HTTPClient.use.proxy is true but no HTTPClient.proxy.host is set: the message processors have no forward proxy to go through. Set conf_http_HTTPClient.proxy.host and conf_http_HTTPClient.proxy.port.',
        );
    }
  },
};
