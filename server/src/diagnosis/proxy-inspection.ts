// A TLS-inspecting proxy terminates the probe's TLS itself and answers with a certificate it made: then every
// answer is the proxy's, not the backend's. Told by the canary: CONNECT to a made-up `.invalid` host (with that SNI)
// through the same proxy. A tunnelling proxy cannot reach a host that does not exist; a TLS answer, certificates and
// all, can only come from the proxy itself (squid's ssl-bump mints one for the name; mimicking the backend's names
// for real hosts, it could not be told by them).
import { chainEntry } from './chain';
import type { HelloOutcome } from './evidence';
import { dn } from './hostname';
import type { Judgement } from './judgement';
import { parseCertificate } from './parsed-certificates';

function certificatesOf(outcome: HelloOutcome | undefined): Buffer[] | null {
  return outcome?.kind === 'accepted' ? outcome.certificates : null;
}

/** Whether the answers came from an inspecting proxy; if so, says so (with its issuer) and shows its chain. */
export function judgeProxyInspection(j: Judgement): boolean {
  const proxy = j.ev.proxy;
  const canary = proxy?.canary;
  const minted = certificatesOf(canary?.outcome);
  if (proxy === undefined || canary === undefined || minted === null || minted.length === 0) return false;
  let leaf;
  try {
    leaf = parseCertificate(minted[0]!);
  } catch {
    return false;
  }
  const shown = certificatesOf(j.ev.offer) ?? minted;
  try {
    j.chain = shown.map((der) => chainEntry(parseCertificate(der)));
  } catch {
    j.chain = [];
  }
  const issuer = dn(leaf.issuer);
  j.add(
    'proxy-tls-inspection',
    `The proxy ${proxy.url} inspects TLS: asked to tunnel to '${canary.sni}', a host that does not exist, it answered the ClientHello itself with a certificate issued by '${issuer}'. ` +
      `The chain below is the proxy's, not the backend's: this probe cannot judge the backend's certificate, versions or suites.`,
    { proxy: proxy.url },
  );
  j.evidence.push(`Through the proxy ${proxy.url}, whose certificates are issued by '${issuer}'.`);
  return true;
}
