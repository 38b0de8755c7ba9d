// A refused offer: SNI, protocol and cipher mismatches all look like one handshake_failure to Apigee; the
// other hellos (each version alone, the other SNI choice) tell them apart.
import { ALERT, describeAlert } from '../tls/alerts';
import { javaImplements } from '../tls/java';
import { isTls13Suite, suiteName } from '../tls/cipher-suites';
import { offeredSuites, type HelloResults } from '../probe/hellos';
import type { Judgement } from './judgement';
import { describeHello, isRefusal } from './outcomes';
import { TLS_PROTOCOLS, sortProtocols } from '../tls/versions';

/** The offer was refused: tell SNI, protocol and cipher mismatches apart with the other hellos. */
export function judgeRefusal(j: Judgement, hellos: HelloResults): void {
  const server = j.server.protocols;
  const { req } = j;
  const answer = describeHello(hellos.offer);
  const alternate = hellos.alternateSni;
  if (req.sni === null && alternate?.outcome.kind === 'accepted') {
    j.add(
      'sni-required',
      `The backend refuses a ClientHello without SNI (${answer}) and accepts the same hello with SNI '${alternate.sni}'.`,
    );
    j.server.sniRequired = true;
    return;
  }
  if (hellos.offer.kind === 'alert' && hellos.offer.alert === ALERT.unrecognizedName) {
    if (req.sni === null) {
      j.add('sni-required', `The backend refuses a ClientHello without SNI: alert ${describeAlert(ALERT.unrecognizedName)}.`);
      j.server.sniRequired = true;
      return;
    }
    // SNI was sent: the name is the problem, not its absence. Whether a hello without SNI passes is learnt too.
    const without = alternate?.outcome;
    j.add('sni-required', `The backend refuses the server name '${req.sni}': alert ${describeAlert(ALERT.unrecognizedName)}.`, {
      unservedName: req.sni,
    });
    j.server.sniRequired = without?.kind === 'accepted' ? false : isRefusal(without) ? true : null;
    return;
  }
  const offered = sortProtocols(req.protocols);
  const accepted = TLS_PROTOCOLS.filter((p) => server[p]);
  const both = offered.filter((p) => server[p]);
  if (both.length === 0) {
    const acceptedText =
      accepted.length > 0 ? `it accepts only ${accepted.join(', ')}` : 'it accepted none of TLSv1 to TLSv1.3 with any known suite';
    j.add('protocol-mismatch', `Apigee offers ${offered.join(', ')}; ${acceptedText} (the offer was ${answer}).`, { accepted });
    return;
  }
  const newest = both.at(-1)!;
  const probe = hellos.versions[newest];
  const chosen = probe.kind === 'accepted' ? suiteName(probe.cipher) : undefined;
  const chosenText = chosen === undefined ? '' : `; offered every suite, it chose ${chosen}`;
  // Pinning the chosen suite helps only when Java implements it, and on Apigee X only outside TLS 1.3, whose
  // suites its cipher lists do not govern.
  const unusable =
    chosen === undefined
      ? undefined
      : !javaImplements(req.profile, chosen)
        ? `Apigee's Java runtime does not implement ${chosen}`
        : req.profile === 'apigeex' && isTls13Suite(chosen)
          ? `${chosen} is a TLS 1.3 suite, and Apigee X's cipher lists do not govern TLS 1.3`
          : undefined;
  j.add(
    'cipher-mismatch',
    `The backend accepts ${both.join(', ')} but none of the ${offeredSuites(req).length} offered cipher suites (the offer was ${answer})${chosenText}.`,
    unusable === undefined ? { suite: chosen } : { unusableSuite: unusable },
  );
}
