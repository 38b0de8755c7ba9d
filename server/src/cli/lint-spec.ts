// `lint`'s options and help, in one place (the README's synopsis is checked against it).
import type { CommandSpec } from './args';

export const LINT_SPEC: CommandSpec = {
  command: 'lint',
  usage: ['apigee-tls-lint lint <file|dir|bundle.zip>... [options]', 'apigee-tls-lint lint --list-rules [--profile apigeex|edge]'],
  summary: [
    'Lints Apigee TLS configuration: SSLInfo in TargetEndpoints and ServiceCallouts, TargetServers, references,',
    'keystores, aliases and their certificates, resolved per environment across every directory named. Exported',
    'bundle zips are read in memory. Each run says what it checked on stderr; nothing to check is exit status 2.',
  ].join('\n'),
  options: [
    { name: 'profile', value: 'auto|apigeex|edge', description: 'The Apigee runtime (default auto: inferred per bundle or folder).' },
    { name: 'format', short: 'f', value: 'stylish|json|sarif', description: 'Output format (default stylish; json is ESLint-shaped).' },
    { name: 'output-file', short: 'o', value: 'FILE', description: 'Write the report to FILE instead of stdout.' },
    {
      name: 'config',
      short: 'c',
      value: 'FILE',
      description: 'The .apigee-tls.json to use (default: the nearest at or above the first folder named).',
    },
    {
      name: 'context',
      value: 'DIR',
      description: 'Lint DIR whole (cross-file rules) and report only the files named (the pre-commit hook: the staged files).',
    },
    { name: 'rule', value: 'ID=off|error|warning|info', description: "Set a rule's severity (repeatable)." },
    { name: 'env', value: 'NAME', description: 'Judge only this environment (repeatable; an unknown name is exit 2).' },
    { name: 'expiry-days', value: 'N', description: 'Report certificates expiring within N days (default 30).' },
    { name: 'max-warnings', value: 'N', description: 'Exit 1 when there are more than N warnings.' },
    { name: 'quiet', short: 'q', description: 'Report errors only (warnings are neither shown nor counted).' },
    { name: 'fix', description: 'Apply every preferred fix in place, then report what remains.' },
    { name: 'list-rules', description: 'List every rule id with its default severity per profile, and exit.' },
    { name: 'verbose', description: 'Print each profile decision and its evidence to stderr.' },
  ],
  notes:
    'Exit status: 0 clean (warnings within --max-warnings), 1 errors or too many warnings, 2 usage error, unreadable input or nothing to check.',
  docs: 'README.md#lint',
};
