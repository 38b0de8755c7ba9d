import { replaceSpan } from '../edits';
import { everywhere, type Rule } from '../rule';
import { booleanChild, urlScheme } from '../../documents/sslinfo';

export const tlsOnHttp: Rule = {
  id: 'tls-on-http',
  description: 'SSLInfo is enabled but the URL is http://.',
  why: 'The settings suggest TLS but the call goes out in clear text (or fails when the port speaks TLS).',
  fix: 'Switch the URL to https://.',
  apigeelint: ['TD004', 'TD012'],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const url = ssl.connection.url;
      if (url?.textSpan === undefined || urlScheme(ssl.connection) !== 'http' || booleanChild(ssl, 'Enabled') !== true) continue;
      const scheme = { start: url.textSpan.start, end: url.textSpan.start + 'http'.length };
      ctx.report(url.textSpan, 'SSLInfo is enabled but the URL is http://: the call is not made over TLS as configured.', [
        { title: 'Switch the URL to https', edits: [replaceSpan(scheme, 'https')], preferred: true },
      ]);
    }
  },
};
