// SNI: does the backend need it, and does the certificate for the host come only with it? One place decides
// `server.sniRequired`, from the offer's answer and the hello with the other SNI choice.
import type { HelloOutcome } from './evidence';
import { describeNames, hostMatches } from './hostname';
import type { Judgement } from './judgement';
import { isRefusal } from './outcomes';
import { parseCertificate } from './parsed-certificates';
import { ALERT } from '../tls/alerts';

function leafMatches(certificates: Buffer[] | null, host: string): boolean | undefined {
  const der = certificates?.[0];
  if (der === undefined) return undefined;
  try {
    return hostMatches(parseCertificate(der), host);
  } catch {
    return undefined; // the chain analysis reports a certificate that does not parse
  }
}

/**
 * Both SNI choices accepted: is the certificate for the host only sent with SNI? Returns what the leaf sent without SNI
 * is for, when it is (undefined otherwise).
 */
export function certificateOnlyWithSni(j: Judgement, certificates: Buffer[]): string | undefined {
  const { plan } = j;
  const alternate = j.ev.alternateSni;
  if (alternate?.outcome.kind !== 'accepted') return undefined;
  const other = alternate.outcome.certificates;
  const withSni = plan.sni === null ? leafMatches(other, plan.host) : leafMatches(certificates, plan.host);
  const withoutSni = plan.sni === null ? leafMatches(certificates, plan.host) : leafMatches(other, plan.host);
  if (withSni !== true || withoutSni !== false) return undefined;
  return describeNames(parseCertificate((plan.sni === null ? certificates : other!)[0]!));
}

export type SniVerdict =
  | { kind: 'negotiated'; leafOnlyWithSni: boolean }
  | { kind: 'refused'; offer: HelloOutcome }
  /** Mismatched answer or no answer: nothing learnt about SNI. */
  | { kind: 'unknown' };

/** Whether the backend needs SNI (true), does not (false), or the evidence cannot tell (null). */
export function sniRequirement(j: Judgement, verdict: SniVerdict): boolean | null {
  const { plan } = j;
  const other = j.ev.alternateSni?.outcome;
  const refusedWithoutApigeeSni = other?.kind === 'accepted' ? false : isRefusal(other) ? true : null;
  switch (verdict.kind) {
    case 'negotiated':
      if (verdict.leafOnlyWithSni) return true;
      return plan.sni === null ? false : refusedWithoutApigeeSni;
    case 'refused': {
      if (plan.sni === null && other?.kind === 'accepted') return true;
      if (verdict.offer.kind !== 'alert' || verdict.offer.alert !== ALERT.unrecognizedName) return null;
      return plan.sni === null ? true : refusedWithoutApigeeSni;
    }
    case 'unknown':
      return null;
  }
}
