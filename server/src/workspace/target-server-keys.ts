// The keys of a TargetServer object and of its sSLInfo, as the management API defines them (X's TargetServer and
// TlsInfo resources, Edge's TargetServer): a key outside these is rejected by the API or silently lost, so a
// misspelling (`"SSLInfo"` for `"sSLInfo"`) turns TLS off without a word.
import type { JsonNode } from '../documents/json/json-document';
import type { Span } from '../documents/xml/types';
import type { ConfigSource } from './model';

export const TARGET_SERVER_KEYS = ['name', 'description', 'host', 'port', 'isEnabled', 'protocol', 'sSLInfo'] as const;
export const SSLINFO_KEYS = [
  'enabled',
  'enforce',
  'clientAuthEnabled',
  'keyStore',
  'keyAlias',
  'keyAliasReference',
  'trustStore',
  'ignoreValidationErrors',
  'protocols',
  'ciphers',
  'commonName',
] as const;
const COMMON_NAME_KEYS = ['value', 'wildcardMatch'] as const;
/** The Apigee emulator's workspaces write `enabled` and `tlsInfo`; which spelling it honours is unverified, so both pass. */
const LOCAL_EXTRA_KEYS = ['enabled', 'tlsInfo'];

export type KeyPlace = 'TargetServer' | 'sSLInfo' | 'commonName';

/** A key Apigee does not know, where it is, and the keys that object may hold. */
export interface UnknownKey {
  key: string;
  /** The key's text, inside its quotes. */
  span: Span;
  place: KeyPlace;
  known: readonly string[];
  /** Every key of the same object (a rename onto one of them would only make a duplicate). */
  present: readonly string[];
}

type JsonObject = Extract<JsonNode, { kind: 'object' }>;

/** The unknown keys of one TargetServer object (the sSLInfo the model reads, and its commonName, included). */
export function unknownKeys(server: JsonObject, ssl: JsonNode | undefined, source: ConfigSource): UnknownKey[] {
  const out: UnknownKey[] = [];
  const check = (node: JsonNode | undefined, place: KeyPlace, known: readonly string[]): void => {
    if (node?.kind !== 'object') return;
    const present = node.properties.map((p) => p.key);
    for (const p of node.properties)
      if (!known.includes(p.key))
        out.push({ key: p.key, span: { start: p.keySpan.start + 1, end: p.keySpan.end - 1 }, place, known, present });
  };
  const serverKeys: readonly string[] = source === 'local' ? [...TARGET_SERVER_KEYS, ...LOCAL_EXTRA_KEYS] : TARGET_SERVER_KEYS;
  // `sslInfo` is read as sSLInfo by the model (and reported here as a misspelling).
  check(server, 'TargetServer', serverKeys);
  check(ssl, 'sSLInfo', SSLINFO_KEYS);
  if (ssl?.kind === 'object') check(ssl.properties.find((p) => p.key === 'commonName')?.value, 'commonName', COMMON_NAME_KEYS);
  return out;
}
