import { replaceSpan } from '../../lint/edits';
import { everywhere } from '../../lint/rule';
import { closest } from '../../lint/suggest';
import type { WorkspaceRule } from '../rule';
import type { UnknownKey } from '../target-server-keys';

export const unknownTargetServerKey: WorkspaceRule = {
  id: 'unknown-target-server-key',
  description: 'A key that a TargetServer (or its sSLInfo) does not have, such as "SSLInfo" for "sSLInfo" or "enable" for "enabled".',
  why: 'The management API rejects the TargetServer or drops the key: a misspelt sSLInfo leaves the backend on plain HTTP.',
  fix: 'Renames the key to the closest valid one.',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: true,
  check(ctx) {
    for (const env of ctx.environments())
      for (const defs of env.targetServers.values())
        for (const def of defs)
          for (const unknown of def.unknownKeys) {
            const suggestion = closest(unknown.key, unknown.known);
            ctx.report(def.file, unknown.span, message(unknown, suggestion), {
              fixes:
                suggestion === undefined
                  ? []
                  : [
                      {
                        title: `Rename to "${suggestion}"`,
                        edits: [replaceSpan(unknown.span, suggestion)],
                        preferred: !unknown.present.includes(suggestion),
                      },
                    ],
            });
          }
  },
};

function message(unknown: UnknownKey, suggestion: string | undefined): string {
  const what = unknown.place === 'TargetServer' ? 'a TargetServer' : `"${unknown.place}"`;
  const consequence =
    unknown.key.toLowerCase() === 'sslinfo'
      ? 'the management API rejects the TargetServer or leaves it without TLS'
      : 'the management API rejects it or drops the setting';
  const hint = suggestion === undefined ? ` Keys here: ${unknown.known.join(', ')}.` : ` Did you mean "${suggestion}"?`;
  return `"${unknown.key}" is not a key of ${what}: ${consequence}.${hint}`;
}
