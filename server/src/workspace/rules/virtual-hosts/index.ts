// The Edge virtual host rules (northbound), in the order of the research note's combinations V1–V17.
import type { WorkspaceRule } from '../../rule';
import { vhostAliasNotCovered } from './alias-not-covered';
import { vhostAliasPort } from './alias-port';
import { vhostCertificate } from './certificate';
import { vhostCiphersExcludeClients } from './ciphers-exclude-clients';
import { vhostClientAuthNoTruststore } from './client-auth-no-truststore';
import { vhostFreeTrialCertAlias } from './free-trial-cert-alias';
import { vhostIgnoreValidationErrors } from './ignore-validation-errors';
import { vhostKeyaliasReference } from './keyalias-reference';
import { vhostKeystoreNotReference } from './keystore-not-reference';
import { vhostMtlsBypass } from './mtls-bypass';
import { vhostPlainHttp } from './plain-http';
import { vhostPropagateTls } from './propagate-tls';
import { vhostSslCiphersFormat } from './ssl-ciphers-format';
import { vhostLegacyProtocols, vhostSslProtocolsCloud } from './ssl-protocols';
import { vhostTruststoreUnused } from './truststore-unused';

export const VIRTUAL_HOST_RULES: readonly WorkspaceRule[] = [
  vhostClientAuthNoTruststore, // V1
  vhostTruststoreUnused, // V2
  vhostIgnoreValidationErrors, // V3
  vhostKeystoreNotReference, // V4 (V5: unknown-key-alias judges virtual hosts too)
  vhostKeyaliasReference, // V6
  vhostLegacyProtocols, // V7
  vhostSslProtocolsCloud, // V8
  vhostSslCiphersFormat, // V9
  vhostCiphersExcludeClients, // V10
  vhostAliasNotCovered, // V11
  vhostAliasPort, // V12
  vhostFreeTrialCertAlias, // V13
  vhostPlainHttp, // V14
  vhostMtlsBypass, // V15
  vhostPropagateTls, // V16
  vhostCertificate, // V17
];
