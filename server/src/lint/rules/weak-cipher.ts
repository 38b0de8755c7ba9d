import { removeElement } from '../edits';
import { cipherEntries } from '../lists';
import { everywhere, type Rule } from '../rule';
import { sslInfos } from '../sslinfo';
import { cipherSuiteByName, cipherSuiteByOpenSslName, cipherWeakness } from '../../tls/names';

export const weakCipher: Rule = {
  id: 'weak-cipher',
  description: 'A NULL, anonymous, EXPORT, RC4, DES, 3DES or MD5 cipher suite in Ciphers.',
  why: 'These suites are broken or unauthenticated; modern backends refuse them, and the ones that accept are exposed.',
  fix: 'Remove the suite.',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of sslInfos(ctx.connections)) {
      for (const { element, literal } of cipherEntries(ssl)) {
        if (literal === undefined || element.textSpan === undefined) continue;
        const suite = cipherSuiteByName(literal) ?? cipherSuiteByOpenSslName(literal);
        const weakness = cipherWeakness(suite?.name ?? literal);
        if (weakness === undefined) continue;
        ctx.report(element.textSpan, `${literal} is a weak cipher suite (${weakness}): remove it and offer ECDHE with AES-GCM instead.`, [
          { title: `Remove ${literal}`, edits: [removeElement(ctx.text, element)], preferred: true },
        ]);
      }
    }
  },
};
