// The command that runs the same diagnosis from another machine (a VM or Cloud Shell in the runtime's network):
// the arguments given here, as JSON, without this machine's proxy. Said in the fix of a failure that may be the
// probe's vantage point (diagnosis/vantage.ts).
import { RERUN_PREFIX, shellWord } from '../probe/rerun';
import type { ParsedArgs } from './args';

/** Options of this machine's network, not the runtime's; and the format, which becomes json. */
const LOCAL_ONLY = new Set(['proxy', 'noproxy', 'format']);

/** `npx apigee-tls-lint probe …` with these arguments, `narrow` replacing some (a bundle's one connection). */
export function rerunCommand(args: ParsedArgs, narrow: Readonly<Record<string, string>> = {}): string {
  const words = [...RERUN_PREFIX, ...args.positionals];
  const values = new Map(args.values);
  for (const [name, value] of Object.entries(narrow)) values.set(name, [value]);
  for (const [name, given] of values) if (!LOCAL_ONLY.has(name)) for (const v of given) words.push(`--${name}`, v);
  for (const flag of args.flags) words.push(`--${flag}`);
  words.push('--format', 'json');
  return words.map(shellWord).join(' ');
}
