// Every rule, imported explicitly. Order is the order of the docs and of the README table.
import type { Rule } from './rule';
import { clientAuthIncomplete } from './rules/client-auth-incomplete';
import { commonNameMismatch } from './rules/commonname-mismatch';
import { duplicateElement } from './rules/duplicate-element';
import { enforceNotSet } from './rules/enforce-not-set';
import { enforceOnEdge } from './rules/enforce-on-edge';
import { ignoreValidationErrors } from './rules/ignore-validation-errors';
import { invalidBoolean } from './rules/invalid-boolean';
import { jsonSyntax } from './rules/json-syntax';
import { keyAliasReference } from './rules/keyalias-reference';
import { loadBalancerSslInfo } from './rules/loadbalancer-sslinfo';
import { misplacedSslInfoChild } from './rules/misplaced-sslinfo-child';
import { missingSslInfo } from './rules/missing-sslinfo';
import { missingTrustStore } from './rules/missing-truststore';
import { obsoleteProtocol } from './rules/obsolete-protocol';
import { storeNotReference } from './rules/store-not-reference';
import { tlsOnHttp } from './rules/tls-on-http';
import { unknownCipher } from './rules/unknown-cipher';
import { unknownElement } from './rules/unknown-element';
import { unknownProtocol } from './rules/unknown-protocol';
import { unusedClientKey } from './rules/unused-client-key';
import { useProxyValue } from './rules/use-proxy-value';
import { weakCipher } from './rules/weak-cipher';
import { xmlSyntax } from './rules/xml-syntax';

export const RULES: readonly Rule[] = [
  xmlSyntax,
  jsonSyntax,
  unknownElement,
  duplicateElement,
  misplacedSslInfoChild,
  invalidBoolean,
  obsoleteProtocol,
  unknownProtocol,
  weakCipher,
  unknownCipher,
  missingSslInfo,
  tlsOnHttp,
  missingTrustStore,
  ignoreValidationErrors,
  clientAuthIncomplete,
  unusedClientKey,
  storeNotReference,
  keyAliasReference,
  enforceOnEdge,
  enforceNotSet,
  commonNameMismatch,
  loadBalancerSslInfo,
  useProxyValue,
];

const BY_ID = new Map(RULES.map((r) => [r.id, r]));

export function ruleById(id: string): Rule | undefined {
  return BY_ID.get(id);
}

/** A rule's page under `base` (fs/docs.ts ruleDocsBase: the installed docs, or APIGEE_TLS_LINT_DOCS_BASE). */
export function ruleDocsUrl(id: string, base: string): string {
  return `${base}${id}.md`;
}
