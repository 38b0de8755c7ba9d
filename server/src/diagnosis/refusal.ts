// A refused offer: SNI, protocol and cipher mismatches all look like one handshake_failure to Apigee; the
// other hellos (each version alone, the other SNI choice) tell them apart. Without them (a capture), the alert
// itself is all there is, and the verdict says what it cannot tell.
import type { CodeDetailsOf } from './causes';
import { offeredSuitesOf, type HandshakeEvidence } from './evidence';
import type { Judgement } from './judgement';
import { describeHello, isRefusal } from './outcomes';
import { ALERT, describeAlert } from '../tls/alerts';
import { isTls13Suite, suiteName } from '../tls/cipher-suites';
import { javaImplements } from '../tls/java';
import { TLS_PROTOCOLS, protocolOfWire, sortProtocols } from '../tls/versions';

type Offer = NonNullable<HandshakeEvidence['offer']>;

/** The offer was refused: tell SNI, protocol and cipher mismatches apart with the other hellos. */
export function judgeRefusal(j: Judgement, offer: Offer): void {
  if (judgeSniRefusal(j, offer)) return;
  const versions = j.ev.versions;
  if (versions === undefined) return judgeBareRefusal(j, offer);
  const { plan } = j;
  const answer = describeHello(offer);
  const offered = sortProtocols(plan.protocols);
  const accepted = TLS_PROTOCOLS.filter((p) => j.server.protocols[p]);
  const both = offered.filter((p) => j.server.protocols[p]);
  if (both.length === 0) {
    const acceptedText =
      accepted.length > 0 ? `it accepts only ${accepted.join(', ')}` : 'it accepted none of TLSv1 to TLSv1.3 with any known suite';
    j.add('protocol-mismatch', `Apigee offers ${offered.join(', ')}; ${acceptedText} (the offer was ${answer}).`, { accepted });
    return;
  }
  const newest = both.at(-1)!;
  const probe = versions[newest];
  const chosen = probe.kind === 'accepted' ? suiteName(probe.cipher) : undefined;
  const chosenText = chosen === undefined ? '' : `; offered every suite, it chose ${chosen}`;
  const advice = javaSuiteAdvice(j) ?? everySuiteAdvice(j, chosen);
  j.add(
    'cipher-mismatch',
    `The backend accepts ${both.join(', ')} but none of the ${offeredSuitesOf(plan).length} offered cipher suites (the offer was ${answer})${chosenText}${advice.text}.`,
    advice.details,
  );
}

type SuiteAdvice = { text: string; details: CodeDetailsOf<'cipher-mismatch'> };

/** Why pinning a suite cannot help: Java lacks it, or it is TLS 1.3 on Apigee X, whose cipher lists do not govern TLS 1.3. */
function unpinnable(j: Judgement, suite: string): string | undefined {
  if (!javaImplements(j.plan.profile, suite)) return `Apigee's Java runtime does not implement ${suite}`;
  if (j.plan.profile === 'apigeex' && isTls13Suite(suite))
    return `${suite} is a TLS 1.3 suite, and Apigee X's cipher lists do not govern TLS 1.3`;
  return undefined;
}

/** The offer again with every suite Java implements: the one suite to add, or none there is. */
function javaSuiteAdvice(j: Judgement): SuiteAdvice | undefined {
  const answer = j.ev.javaSuites;
  if (answer?.kind === 'accepted' && j.plan.protocols.includes(protocolOfWire(answer.version)!)) {
    const suite = suiteName(answer.cipher);
    const why = unpinnable(j, suite);
    const text = `; offered every suite Java implements, it chose ${suite}`;
    return { text, details: why === undefined ? { suite, suiteFromJava: true } : { unusableSuite: why } };
  }
  if (!isRefusal(answer)) return undefined;
  return {
    text: `; offered every suite Java implements, it ${describeHello(answer!)}`,
    details: { unusableSuite: 'it accepts none of the suites Java (so Apigee) implements, so no SSLInfo <Ciphers> can help' },
  };
}

/** Without that hello: the suite the backend chose when offered every suite, if Apigee can pin it. */
function everySuiteAdvice(j: Judgement, chosen: string | undefined): SuiteAdvice {
  const why = chosen === undefined ? undefined : unpinnable(j, chosen);
  return { text: '', details: why === undefined ? { suite: chosen } : { unusableSuite: why } };
}

/** SNI decides the refusal: a hello without SNI refused where one with SNI passes, or the name itself refused. */
function judgeSniRefusal(j: Judgement, offer: Offer): boolean {
  const { plan } = j;
  const alternate = j.ev.alternateSni;
  if (plan.sni === null && alternate?.outcome.kind === 'accepted') {
    j.add(
      'sni-required',
      `The backend refuses a ClientHello without SNI (${describeHello(offer)}) and accepts the same hello with SNI '${alternate.sni}'.`,
    );
    return true;
  }
  if (offer.kind !== 'alert' || offer.alert !== ALERT.unrecognizedName) return false;
  if (plan.sni === null) {
    j.add('sni-required', `The backend refuses a ClientHello without SNI: alert ${describeAlert(ALERT.unrecognizedName)}.`);
    return true;
  }
  // SNI was sent: the name is the problem, not its absence.
  j.add('sni-required', `The backend refuses the server name '${plan.sni}': alert ${describeAlert(ALERT.unrecognizedName)}.`, {
    unservedName: plan.sni,
  });
  return true;
}

/** No per-version hellos (a capture): the alert names the cause only as far as it goes. */
function judgeBareRefusal(j: Judgement, offer: Offer): void {
  const offered = sortProtocols(j.plan.protocols).join(', ');
  const answer = describeHello(offer);
  if (offer.kind === 'alert' && offer.alert === ALERT.protocolVersion) {
    j.add('protocol-mismatch', `The backend refused the offer of ${offered} (${answer}): it speaks none of these versions.`);
    return;
  }
  j.add(
    'cipher-mismatch',
    `The backend refused the offer of ${offered} (${answer}). From this handshake alone a cipher-suite mismatch is the likelier cause, a protocol-version mismatch the other possibility: the backend accepts none of the offered suites, or none of the offered versions.`,
  );
}
