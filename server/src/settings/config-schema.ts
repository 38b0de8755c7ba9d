// The JSON schema of `.apigee-tls.json` (schemas/apigee-tls.schema.json, which the extension registers through
// contributes.jsonValidation): built from the rule registry and the settings' lists, so completion offers every
// rule id and value; `npx tsx scripts/gen-config-schema.ts` writes it and a test keeps the file in step.
import { PROFILE_SETTINGS } from '../workspace/profile-evidence';
import { PROBE_TIMEOUT_RANGE } from '../workspace/config-file';
import { ALL_RULES } from '../workspace/registry';
import { CLIENT_PROFILES } from '../tls/clients/table';
import { SEVERITY_SETTINGS } from './lint';

export function configSchema(): Record<string, unknown> {
  const severity = { type: 'string', enum: [...SEVERITY_SETTINGS] };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Apigee TLS Lint configuration (.apigee-tls.json)',
    description: 'Read by the VS Code extension, the language server and the CLI alike. JSON with comments.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      profile: {
        type: 'string',
        enum: [...PROFILE_SETTINGS],
        description: 'The Apigee runtime of the bundles and environments in and under this folder (auto: inferred).',
      },
      rules: {
        type: 'object',
        description: 'Severity per rule id, overriding the profile default.',
        additionalProperties: false,
        properties: Object.fromEntries(ALL_RULES.map((r) => [r.id, { ...severity, description: r.description }])),
      },
      ignorePatterns: {
        type: 'array',
        items: { type: 'string' },
        description: 'Paths whose findings are not reported: gitignore-like globs relative to this file (legacy/, **/test/*.json).',
      },
      environments: { type: 'array', items: { type: 'string' }, description: "The environments judged (the CLI's --env)." },
      certificateExpiryDays: {
        type: 'integer',
        minimum: 0,
        maximum: 36500,
        description: 'Certificates expiring within this many days are reported (certificate-expires-soon).',
      },
      probe: {
        type: 'object',
        additionalProperties: false,
        description: 'Defaults of Diagnose target TLS and apigee-tls-lint probe.',
        properties: {
          resolve: {
            type: 'object',
            additionalProperties: { type: 'string' },
            propertyNames: { pattern: '^[^\\s:]+:\\d{1,5}$' },
            description: 'host:port → address to connect to instead of resolving the host, as curl --resolve.',
          },
          caFiles: {
            type: 'array',
            items: { type: 'string' },
            description: "PEM files of the trust anchors (the truststore's certificates).",
          },
          sni: { type: 'string', enum: ['send', 'off'], description: 'Whether the probe sends SNI.' },
          timeoutMs: { type: 'integer', minimum: PROBE_TIMEOUT_RANGE.min, maximum: PROBE_TIMEOUT_RANGE.max },
          proxy: { type: 'string', description: 'An HTTP proxy URL for the probe (reserved).' },
        },
      },
      suppressions: {
        type: 'array',
        description:
          'Findings in JSON files silenced one by one (JSON has no comments to carry a disable): the finding of that rule at the value the pointer names, or inside it. The editor adds entries with the quick fix "Suppress … in .apigee-tls.json".',
        items: {
          type: 'object',
          additionalProperties: false,
          required: ['file', 'pointer', 'rule'],
          properties: {
            file: { type: 'string', description: "The JSON file, relative to this file's folder." },
            pointer: {
              type: 'string',
              pattern: '^(/.*)?$',
              description: 'RFC 6901 JSON Pointer of the value (/0/sSLInfo/ignoreValidationErrors); "" is the whole file.',
            },
            rule: { type: 'string', enum: ALL_RULES.map((r) => r.id), description: 'The rule id silenced there.' },
            reason: { type: 'string', description: 'Why (kept for the reader; not interpreted).' },
          },
        },
      },
      clients: {
        type: 'array',
        items: { type: 'string', enum: ['all', ...CLIENT_PROFILES.map((c) => c.id)] },
        uniqueItems: true,
        description:
          "The team's own API clients (ids of the client profile table, docs/clients.md): the set apigee-tls-lint clients and Diagnose clients of a host simulate when none is named.",
      },
    },
  };
}
