// Fixes for a client that cannot connect to Apigee's front door, naming the setting per product: Edge Cloud (the
// virtual host's properties), Edge Private Cloud (virtual host or router.properties), hybrid (overrides.yaml
// virtualhosts[]) and Apigee X (the load balancer's SSL policy). See shared notes, northbound §0–§3.
import { cipherSuiteByName } from '../tls/names';
import type { CauseCode } from './causes';
import { forSide } from './northbound';

/** Causes of the client simulation: the probe's codes where they fit, and three of its own. */
export type ClientCauseCode = CauseCode | 'no-shared-group' | 'key-too-small' | 'dh-size-refused';

export interface FixContext {
  clientName: string;
  /** The client's newest and oldest versions, and the front door's. */
  clientVersions: { min: string; max: string };
  serverProtocols: readonly string[];
  /** A suite the client offers that a front door should accept (IANA). */
  suggestedSuite: string | undefined;
  /** The client's minimum sizes, for key and DH causes. */
  minBits?: number | undefined;
}

const ROUTER = 'router.properties `conf_load_balancing_load.balancing.driver.server.ssl';

function protocolFix(c: FixContext): string {
  const tooOld = c.serverProtocols.length > 0 && c.serverProtocols.every((p) => p > c.clientVersions.max);
  if (tooOld) {
    const v = c.clientVersions.max;
    return (
      `Upgrade ${c.clientName} to TLS 1.2 (best). To serve it as is, the front door must accept ${v}: ` +
      `Edge Cloud cannot (TLS 1.2 only); Private Cloud: add ${v} to the virtual host's \`ssl_protocols\` property or to ${ROUTER}.protocols\`; ` +
      `hybrid: lower the virtual host's \`minTLSProtocolVersion\` in overrides.yaml; Apigee X: the load balancer's SSL policy \`min_tls_version\`.`
    );
  }
  return (
    `Enable TLS 1.2 on the front door: Private Cloud: the virtual host's \`ssl_protocols\` property or ${ROUTER}.protocols\`; ` +
    'hybrid: `maxTLSProtocolVersion` / `minTLSProtocolVersion` of the virtual host; Apigee X: the SSL policy `min_tls_version` TLS_1_2.'
  );
}

function cipherFix(c: FixContext): string {
  const suite = c.suggestedSuite === undefined ? undefined : cipherSuiteByName(c.suggestedSuite);
  const openssl = suite?.openssl ?? suite?.name;
  const add = suite === undefined ? 'a suite the client offers' : `${openssl} (${suite.name})`;
  return (
    `Add ${add} to the front door, or upgrade ${c.clientName}. Edge Cloud: the virtual host's \`ssl_ciphers\` property (OpenSSL names, colon-separated); ` +
    `Private Cloud: \`ssl_ciphers\` on the virtual host or ${ROUTER}.ciphers\`; hybrid: the virtual host's \`cipherSuites\` in overrides.yaml; ` +
    `Apigee X: the load balancer's SSL policy (profile COMPATIBLE, or CUSTOM with ${suite?.name ?? 'the suite'} in \`custom_features\`).`
  );
}

const OWN_FIXES: Record<'no-shared-group' | 'key-too-small' | 'dh-size-refused', (c: FixContext) => string> = {
  'no-shared-group': (c) =>
    `${c.clientName} shares no key-exchange group with the front door. Groups are not a virtual-host setting on Edge (the router's OpenSSL decides): ` +
    'add a suite without ECDHE to `ssl_ciphers` for this client, or upgrade it; hybrid: the ingress (Envoy) curves; Apigee X: the load balancer offers x25519 and P-256.',
  'key-too-small': (c) =>
    `Reissue the front door's certificate with a larger key (RSA ≥ ${c.minBits ?? 2048} bits or ECDSA P-256): Edge: a new alias in the virtual host's keystore, then re-point the keystore reference; ` +
    'hybrid: the certificate in `sslCertPath` / `sslSecret`; Apigee X: the load balancer certificate.',
  'dh-size-refused': (c) =>
    `${c.clientName} refuses the front door's DHE group size: remove the DHE suites from \`ssl_ciphers\` (append \`:!DHE\`) so that ECDHE or RSA is chosen ` +
    `(Private Cloud: also ${ROUTER}.ciphers\`); hybrid: drop DHE from \`cipherSuites\`; Apigee X: the SSL policy (MODERN has no DHE).`,
};

const FALLBACK =
  'Check the front door (virtual host, router, ingress or load balancer) and the client together: capture the handshake (`apigee-tls-lint capture --side northbound`).';

export function clientFix(code: ClientCauseCode, c: FixContext): string {
  if (code === 'protocol-mismatch') return protocolFix(c);
  if (code === 'cipher-mismatch') return cipherFix(c);
  if (code === 'no-shared-group' || code === 'key-too-small' || code === 'dh-size-refused') return OWN_FIXES[code](c);
  if (code === 'weak-signature')
    return `${c.clientName} refuses SHA-1 signatures: serve TLS 1.2 with SHA-256 signatures (a SHA-256 certificate chain, and TLS 1.2 in \`ssl_protocols\` / \`minTLSProtocolVersion\` / the SSL policy).`;
  const northbound = forSide([{ code, severity: 'error', message: '', fix: FALLBACK }], 'northbound')[0]!.fix;
  if (code === 'sni-required')
    return `${northbound} Edge Cloud presents *.apigee.net to clients without SNI; hybrid: an ApigeeRoute with \`enableNonSniClient: true\` in the virtual host's \`additionalGateways\`; Apigee X: the load balancer answers them with its first certificate.`;
  return northbound;
}
