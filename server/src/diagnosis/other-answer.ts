// The offer failed (a refusal, or an answer Java aborts), yet the backend answered another hello with its chain.
// Fixing the offer would bring Apigee to that chain next, so it is judged too: its causes come as warnings that say
// which answer showed them.
import { analyseChain } from './chain';
import type { HelloOutcome } from './evidence';
import type { Judgement } from './judgement';
import { protocolLabel } from './outcomes';
import { protocolOfWire, sortProtocols, TLS_PROTOCOLS } from '../tls/versions';

type Answer = { outcome: Extract<HelloOutcome, { kind: 'accepted' }>; label: string };

function withChain(outcome: HelloOutcome | undefined): outcome is Answer['outcome'] {
  return outcome?.kind === 'accepted' && outcome.certificates !== null && outcome.certificates.length > 0;
}

/** The answer nearest to Apigee's handshake: the offer's own, the offer with Java's suites, then each version, newest offered first. */
function nearestAnswer(j: Judgement, offer: HelloOutcome): Answer | undefined {
  const { ev, plan } = j;
  const version = (o: Answer['outcome']): string => protocolLabel(o.version);
  if (withChain(offer)) return { outcome: offer, label: `the backend's ${version(offer)} answer to Apigee's offer` };
  if (withChain(ev.javaSuites)) {
    return {
      outcome: ev.javaSuites,
      label: `the backend's ${version(ev.javaSuites)} answer to the offer with every suite Java implements`,
    };
  }
  const offered = sortProtocols(plan.protocols).reverse();
  const others = TLS_PROTOCOLS.filter((p) => !offered.includes(p)).reverse();
  for (const p of [...offered, ...others]) {
    const o = ev.versions?.[p];
    if (withChain(o) && protocolOfWire(o.version) === p) return { outcome: o, label: `the backend's answer to a ${p} hello` };
  }
  return undefined;
}

export function judgeOtherAnswerChain(j: Judgement, offer: HelloOutcome): void {
  if (j.chain.length > 0) return;
  const answer = nearestAnswer(j, offer);
  if (answer === undefined) return;
  const analysis = analyseChain(answer.outcome.certificates!, j.chainContext());
  j.chain = analysis.chain;
  j.evidence.push(`The chain shown is from ${answer.label}.`);
  j.evidence.push(...analysis.evidence);
  for (const cause of analysis.causes) {
    // A warning now (the handshake fails first), fatal only once reached: the wording says when, not "Fatal … here".
    const when = cause.message.replace(' Fatal for Apigee here: ', ' Fatal for Apigee once reached: ');
    const message = `Next, once the handshake succeeds (seen in ${answer.label}): ${when}`;
    j.causes.push({ ...cause, severity: 'warning', message });
  }
}
