import { removeElement, replaceSpan } from '../edits';
import { cipherEntries, type ListEntry } from '../lists';
import type { Fix } from '../model';
import { everywhere, type Rule, type RuleContext } from '../rule';
import type { Span } from '../../documents/xml/types';
import { quoted } from '../../documents/values';

import { closest } from '../suggest';
import { closestJavaSuite, JAVA_RUNTIME, javaImplements } from '../../tls/java';
import { allCipherSuites, cipherSuiteByName, cipherSuiteByOpenSslName, cipherWeakness } from '../../tls/names';

const IANA_NAMES = allCipherSuites().map((s) => s.name);

export const unknownCipher: Rule = {
  id: 'unknown-cipher',
  description:
    "A Cipher value that is not a Java standard (IANA) suite name, or a suite the profile's Java does not implement (CAMELLIA, ARIA, CCM, SEED, IDEA; ChaCha20 on Edge); OpenSSL-style names are recognised.",
  why: 'Java does not know the name or lacks the suite: Apigee offers no such suite and the handshake can fail with handshake_failure.',
  fix: 'Rename an OpenSSL name to its IANA name, a typo to the closest suite, a suite Java lacks to the closest one it has.',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const entries = cipherEntries(ssl);
      for (const entry of entries) {
        const { element, literal } = entry;
        if (literal === undefined) continue;
        const span = element.textSpan ?? element.nameSpan;
        const iana = cipherSuiteByName(literal);
        if (iana !== undefined) {
          if (!implemented(ctx, iana.name)) reportNotImplemented(ctx, span, entry, iana.name, entries);
          continue;
        }
        if (literal === '') {
          ctx.report(span, `Empty <${element.name}>: name a cipher suite such as TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256.`);
          continue;
        }
        const openssl = cipherSuiteByOpenSslName(literal);
        if (openssl !== undefined && !implemented(ctx, openssl.name)) {
          reportNotImplemented(ctx, span, entry, openssl.name, entries);
          continue;
        }
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

/** Java implements the suite for the profile; weak suites (which Java disables) are weak-cipher's business. */
function implemented(ctx: RuleContext, suite: string): boolean {
  return javaImplements(ctx.profile, suite) || cipherWeakness(suite) !== undefined || suite.endsWith('_SCSV');
}

function reportNotImplemented(ctx: RuleContext, span: Span, entry: ListEntry, suite: string, entries: readonly ListEntry[]): void {
  const alias = entry.literal === suite ? suite : `'${entry.literal ?? ''}' (${suite})`;
  const nearest = closestJavaSuite(ctx.profile, suite);
  const message = `${alias} is a suite ${JAVA_RUNTIME[ctx.profile]} does not implement: Apigee cannot offer it.`;
  if (nearest === undefined) return ctx.report(span, message);
  // The nearest suite already listed: this entry is dead weight, removing it changes nothing Apigee offers.
  const listed = entries.some((e) => e !== entry && e.literal !== undefined && cipherSuiteByName(e.literal)?.name === nearest);
  const fix: Fix = listed
    ? { title: `Remove ${entry.literal ?? suite} (${nearest} is listed)`, edits: [removeElement(ctx.text, entry.element)], preferred: true }
    : { title: `Change to ${nearest}`, edits: [replaceSpan(span, nearest)], preferred: false };
  ctx.report(span, `${message} The closest suite it has: ${nearest}.`, [fix]);
}
