import { removeElement } from '../edits';
import { cipherEntries, type ListEntry } from '../lists';
import type { Fix } from '../model';
import { everywhere, type Rule } from '../rule';
import { child } from '../../documents/sslinfo';
import { cipherSuiteByName, cipherSuiteByOpenSslName, cipherWeakness } from '../../tls/names';

/** Why a listed suite is weak; names that are no suite at all are unknown-cipher's business. */
function weakness(entry: ListEntry): string | undefined {
  if (entry.literal === undefined) return undefined;
  const suite = cipherSuiteByName(entry.literal) ?? cipherSuiteByOpenSslName(entry.literal);
  return suite === undefined ? undefined : cipherWeakness(suite.name);
}

export const weakCipher: Rule = {
  id: 'weak-cipher',
  description: 'A NULL, anonymous, EXPORT, RC4, DES, 3DES or MD5 cipher suite in Ciphers.',
  why: 'These suites are broken or unauthenticated; modern backends refuse them, and the ones that accept are exposed.',
  fix: 'Remove the suite (the whole Ciphers list when every suite in it is weak, so the runtime default applies).',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const ssl of ctx.sslInfos) {
      const entries = cipherEntries(ssl);
      const list = child(ssl, 'Ciphers');
      // Removing every suite would leave an empty list; removing the list lets Apigee offer its defaults.
      const allWeak = list !== undefined && entries.length === list.children.length && entries.every((e) => weakness(e) !== undefined);
      for (const entry of entries) {
        const why = weakness(entry);
        if (why === undefined || entry.element.textSpan === undefined) continue;
        const fix: Fix =
          allWeak && list !== undefined
            ? { title: 'Remove <Ciphers> (every suite in it is weak)', edits: [removeElement(ctx.text, list)], preferred: true }
            : { title: `Remove ${entry.literal}`, edits: [removeElement(ctx.text, entry.element)], preferred: true };
        ctx.report(
          entry.element.textSpan,
          `${entry.literal} is a weak cipher suite (${why}): remove it and offer ECDHE with AES-GCM instead.`,
          [fix],
        );
      }
    }
  },
};
