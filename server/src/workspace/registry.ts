// Every cross-file rule, imported explicitly; and the catalogue of all rules (per-file, then cross-file) that
// settings, the rules tables and reports list.
import type { RuleMeta } from '../lint/rule';
import { RULES } from '../lint/registry';
import type { WorkspaceRule } from './rule';
import { certificateExpired, certificateExpiresSoon } from './rules/certificate-expired';
import { configFile } from './rules/config-file';
import { certificateFileMissing, certificateUnreadable } from './rules/certificate-file-missing';
import { duplicateDefinition } from './rules/duplicate-definition';
import { hybridProxyScheme } from './rules/hybrid-proxy-scheme';
import { mpProxyConfig } from './rules/mp-proxy-config';
import { ignoredConfigFile } from './rules/ignored-config-file';
import { keyCertificateMismatch } from './rules/key-certificate-mismatch';
import { lenientJson } from './rules/lenient-json';
import { NORTHBOUND_RULES } from './rules/northbound';
import { VIRTUAL_HOST_RULES } from './rules/virtual-hosts';
import { HYBRID_RULES } from './rules/hybrid';
import { selfsignedAliasFile } from './rules/selfsigned-alias-file';
import { targetServerTlsPort } from './rules/target-server-tls-port';
import { unknownKeyAlias } from './rules/unknown-key-alias';
import { unknownKeystore } from './rules/unknown-keystore';
import { unknownTargetServer } from './rules/unknown-target-server';
import { unknownTargetServerKey } from './rules/unknown-target-server-key';
import { unknownVirtualHost } from './rules/unknown-virtual-host';
import { unresolvedProperty } from './rules/unresolved-property';
import { unresolvedReference } from './rules/unresolved-reference';

export const WORKSPACE_RULES: readonly WorkspaceRule[] = [
  unknownTargetServer,
  unknownTargetServerKey,
  unresolvedReference,
  unknownKeystore,
  unknownKeyAlias,
  certificateExpired,
  certificateExpiresSoon,
  certificateFileMissing,
  certificateUnreadable,
  keyCertificateMismatch,
  targetServerTlsPort,
  unresolvedProperty,
  ignoredConfigFile,
  selfsignedAliasFile,
  lenientJson,
  duplicateDefinition,
  configFile,
  hybridProxyScheme,
  mpProxyConfig,
  ...NORTHBOUND_RULES,
  ...VIRTUAL_HOST_RULES,
  unknownVirtualHost,
  ...HYBRID_RULES,
];

/** Every rule id a user can configure, per-file rules first. */
export const ALL_RULES: readonly RuleMeta[] = [...RULES, ...WORKSPACE_RULES];

const BY_ID = new Map(ALL_RULES.map((r) => [r.id, r]));

export function anyRuleById(id: string): RuleMeta | undefined {
  return BY_ID.get(id);
}
