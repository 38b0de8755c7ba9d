import { indentUnit, insertBefore, replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { booleanChild, child, urlScheme } from '../sslinfo';

export const missingSslInfo: Rule = {
  id: 'missing-sslinfo',
  description: 'An https URL with no SSLInfo, or with SSLInfo Enabled=false.',
  why: 'TLS is used but nothing is configured: the backend certificate is not validated against a truststore you control.',
  fix: 'Insert SSLInfo (Enabled, Enforce on X, TrustStore placeholder), or set Enabled to true.',
  apigeelint: ['TD012', 'TD004'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const connection of ctx.connections) {
      const url = connection.url;
      if (url?.textSpan === undefined || urlScheme(connection) !== 'https') continue;
      const ssl = connection.sslInfo;
      if (ssl === undefined) {
        const lines = ['<SSLInfo>', '\t<Enabled>true</Enabled>'];
        if (ctx.profile === 'apigeex') lines.push('\t<Enforce>true</Enforce>');
        const snippet = [...lines, '\t<TrustStore>ref://${1:truststore-ref}</TrustStore>', '</SSLInfo>'];
        lines.push('\t<TrustStore>ref://truststore-ref</TrustStore>', '</SSLInfo>');
        ctx.report(
          url.textSpan,
          'https target without SSLInfo: Apigee connects with TLS but does not validate the backend certificate against a truststore you control. Add SSLInfo with a TrustStore.',
          [
            {
              title: 'Insert SSLInfo',
              edits: [insertBefore(ctx.text, url, lines, indentUnit(ctx.text, connection.element), snippet)],
              preferred: false,
            },
          ],
        );
        continue;
      }
      const view = { element: ssl, connection };
      const enabled = child(view, 'Enabled');
      if (enabled?.textSpan !== undefined && booleanChild(view, 'Enabled') === false) {
        ctx.report(
          enabled.textSpan,
          'SSLInfo is disabled on an https target: its settings (TrustStore, Protocols, client certificate) are ignored.',
          [{ title: 'Set Enabled to true', edits: [replaceSpan(enabled.textSpan, 'true')], preferred: false }],
        );
      }
    }
  },
};
