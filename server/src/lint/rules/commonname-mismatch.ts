import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { child, urlHost } from '../../documents/sslinfo';
import { isTemplate, quoted } from '../../documents/values';
import { isIpHost, nameCoversHost } from '../../tls/host-names';

export const commonNameMismatch: Rule = {
  id: 'commonname-mismatch',
  description: "CommonName cannot match the URL's host (wildcardMatch honoured).",
  why: 'Apigee checks the backend certificate against CommonName: unless the certificate really carries that name, the handshake fails.',
  fix: "Set it to the URL's host.",
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const cn = child(ssl, 'CommonName');
      const host = urlHost(ssl.connection);
      if (cn?.textSpan === undefined || cn.opaque || host === undefined || isTemplate(cn.text)) continue;
      // An IP literal URL has no name to compare against.
      if (isIpHost(host)) continue;
      const wildcardValue = cn.attributes.find((a) => a.name === 'wildcardMatch')?.value;
      if (wildcardValue !== undefined && isTemplate(wildcardValue)) continue;
      const wildcard = wildcardValue === 'true';
      if (nameCoversHost(cn.text, host, wildcard)) continue;
      const hint =
        !wildcard && cn.text.startsWith('*.') && nameCoversHost(cn.text, host, true)
          ? ' (add wildcardMatch="true" to allow the wildcard)'
          : '';
      ctx.report(
        cn.textSpan,
        `CommonName ${quoted(cn.text)} cannot match the URL's host ${quoted(host)}${hint}: unless the backend certificate carries ${quoted(cn.text)}, the handshake fails.`,
        [{ title: `Set CommonName to ${host}`, edits: [replaceSpan(cn.textSpan, host)], preferred: false }],
      );
    }
  },
};
