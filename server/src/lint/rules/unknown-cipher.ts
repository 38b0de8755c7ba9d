import { replaceSpan } from '../edits';
import { quoted } from '../values';
import { cipherEntries } from '../lists';
import { everywhere, type Rule } from '../rule';

import { closest } from '../suggest';
import { allCipherSuites, cipherSuiteByName, cipherSuiteByOpenSslName, cipherWeakness } from '../../tls/names';

const IANA_NAMES = allCipherSuites().map((s) => s.name);

export const unknownCipher: Rule = {
  id: 'unknown-cipher',
  description: 'A Cipher value that is not a Java standard (IANA) suite name; OpenSSL-style names are recognised.',
  why: 'Java does not know the name: Apigee offers no such suite and the handshake can fail with handshake_failure.',
  fix: 'Rename an OpenSSL name to its IANA name, or a typo to the closest suite.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      for (const { element, literal } of cipherEntries(ssl)) {
        if (literal === undefined || cipherSuiteByName(literal) !== undefined) continue;
        const span = element.textSpan ?? element.nameSpan;
        if (literal === '') {
          ctx.report(span, `Empty <${element.name}>: name a cipher suite such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.`);
          continue;
        }
        const openssl = cipherSuiteByOpenSslName(literal);
        if (openssl !== undefined) {
          // Weak suites are better removed (weak-cipher's fix) than renamed.
          const preferred = cipherWeakness(openssl.name) === undefined;
          ctx.report(span, `${quoted(literal)} is an OpenSSL name; Apigee (Java) needs the IANA name ${openssl.name}.`, [
            { title: `Rename to ${openssl.name}`, edits: [replaceSpan(span, openssl.name)], preferred },
          ]);
          continue;
        }
        // A few characters off (a typo or wrong case), not a different suite.
        const suggestion = closest(literal, IANA_NAMES, 3);
        ctx.report(
          span,
          `${quoted(literal)} is not a cipher suite name Java knows.${suggestion === undefined ? '' : ` Did you mean ${suggestion}?`}`,
          suggestion === undefined ? [] : [{ title: `Change to ${suggestion}`, edits: [replaceSpan(span, suggestion)], preferred: true }],
        );
      }
    }
  },
};
