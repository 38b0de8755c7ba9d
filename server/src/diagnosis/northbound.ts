// The same causes seen from the other side: a capture taken where a client calls Apigee (the router / virtual host,
// "northbound") is fixed on the virtual host or the client, not in a TargetEndpoint's SSLInfo.
import type { Cause, CauseCode } from './causes';

export type CaptureSide = 'southbound' | 'northbound';

const VIRTUAL_HOST = "the virtual host's";
const NORTHBOUND_FIXES: Partial<Record<CauseCode, string>> = {
  'protocol-mismatch': `Upgrade the client to TLS 1.2 or later; Edge: ${VIRTUAL_HOST} \`ssl_protocols\` property (Private Cloud: router.properties) decides what Apigee accepts; Apigee X: the load balancer's SSL policy.`,
  'cipher-mismatch': `Enable a modern suite on the client (e.g. TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256); Edge: ${VIRTUAL_HOST} \`ssl_ciphers\` property; Apigee X: the load balancer's SSL policy.`,
  'sni-required':
    "The client must send SNI with one of the virtual host's host aliases (old Java and curl builds may not); or give the virtual host a default certificate for the name.",
  'client-certificate-required': `The virtual host has two-way TLS (ClientAuthEnabled): the client must present a certificate issued by a CA in ${VIRTUAL_HOST} truststore.`,
  'client-certificate-rejected': `Issue the client's certificate from a CA in ${VIRTUAL_HOST} truststore, or import its issuer into that truststore (a reference lets you swap it without downtime).`,
  'untrusted-root': `The client does not trust Apigee's certificate: add the CA to the client's truststore, or give ${VIRTUAL_HOST} keystore a certificate from a CA the client trusts.`,
  'incomplete-chain': `Upload the full chain (leaf, then intermediates) to the alias of ${VIRTUAL_HOST} keystore.`,
  'self-signed-certificate': `Give ${VIRTUAL_HOST} keystore a CA-issued certificate, or add this one to the client's truststore.`,
  'certificate-expired': `Renew the certificate in ${VIRTUAL_HOST} keystore alias (a new alias, then re-point the keystore reference).`,
  'hostname-mismatch': `Call Apigee by a host alias its certificate carries, or reissue the virtual host's certificate for the name the client uses.`,
};

/** Fixes worded for the side the capture was taken on (southbound: as the probe words them). */
export function forSide(causes: readonly Cause[], side: CaptureSide): Cause[] {
  if (side === 'southbound') return [...causes];
  return causes.map((c) => ({ ...c, fix: NORTHBOUND_FIXES[c.code] ?? c.fix }));
}
