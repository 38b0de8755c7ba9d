import { indentUnit, insertBefore, replaceSpan } from '../edits';
import type { Fix } from '../model';
import { everywhere, type Rule } from '../rule';
import { booleanChild, child, misplacedSslInfoChildren, urlScheme } from '../../documents/sslinfo';

export const missingSslInfo: Rule = {
  id: 'missing-sslinfo',
  description: 'An https URL with no SSLInfo, or with SSLInfo Enabled=false.',
  why: 'TLS is used but nothing is configured: on Edge the backend certificate is not validated against a truststore you control; on X there is no Enforce, so strict TLS is not enforced.',
  fix: 'Insert SSLInfo (X: Enabled and Enforce, optionally a TrustStore placeholder; Edge: Enabled and a TrustStore placeholder), or set Enabled to true.',
  apigeelint: ['TD012', 'TD004'],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const connection of ctx.connections) {
      const url = connection.url;
      if (url?.textSpan === undefined || urlScheme(connection) !== 'https') continue;
      const ssl = connection.sslInfo;
      if (ssl === undefined) {
        // SSLInfo children written without SSLInfo are misplaced-sslinfo-child's finding (its fix wraps them).
        if (misplacedSslInfoChildren(connection).length > 0) continue;
        const unit = indentUnit(ctx.text, connection.element);
        const insert = (title: string, body: string[], snippetBody: string[]): Fix => ({
          title,
          edits: [insertBefore(ctx.text, url, ['<SSLInfo>', ...body, '</SSLInfo>'], unit, ['<SSLInfo>', ...snippetBody, '</SSLInfo>'])],
          preferred: false,
        });
        const trustStore = '\t<TrustStore>ref://truststore-ref</TrustStore>';
        const trustStoreSnippet = '\t<TrustStore>ref://${1:truststore-ref}</TrustStore>';
        if (ctx.profile === 'apigeex') {
          const enforce = ['\t<Enabled>true</Enabled>', '\t<Enforce>true</Enforce>'];
          ctx.report(
            url.textSpan,
            'https target without SSLInfo: Apigee X connects with TLS but, without <Enforce>true</Enforce>, does not enforce strict TLS (whether an invalid, expired or untrusted backend certificate is accepted is left to the defaults). Add SSLInfo with Enforce, and a TrustStore when the backend has a private CA.',
            [
              insert('Insert SSLInfo with Enforce', enforce, enforce),
              insert('Insert SSLInfo with Enforce and a TrustStore', [...enforce, trustStore], [...enforce, trustStoreSnippet]),
            ],
          );
        } else {
          ctx.report(
            url.textSpan,
            'https target without SSLInfo: Apigee Edge connects with TLS but does not validate the backend certificate against a truststore you control. Add SSLInfo with a TrustStore.',
            [insert('Insert SSLInfo', ['\t<Enabled>true</Enabled>', trustStore], ['\t<Enabled>true</Enabled>', trustStoreSnippet])],
          );
        }
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
