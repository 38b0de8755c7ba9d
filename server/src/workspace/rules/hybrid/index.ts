// The Apigee hybrid ingress rules (overrides.yaml virtualhosts[]), in the order of the research note's H1–H6.
import type { WorkspaceRule } from '../../rule';
import { hybridCertificate } from './certificate';
import { hybridCipherSuitesFormat } from './cipher-suites-format';
import { hybridMinTlsVersion } from './min-tls-version';
import { hybridMtlsNoCa } from './mtls-no-ca';
import { hybridNonSniRoute } from './non-sni-route';
import { hybridTlsVersionRange } from './tls-version-range';

export const HYBRID_RULES: readonly WorkspaceRule[] = [
  hybridMinTlsVersion, // H1
  hybridTlsVersionRange, // H2
  hybridMtlsNoCa, // H3
  hybridCertificate, // H4
  hybridCipherSuitesFormat, // H5
  hybridNonSniRoute, // H6
];
