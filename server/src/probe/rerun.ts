// How to run a probe's diagnosis from another machine (a VM or Cloud Shell in the runtime's network): a command
// line for the CLI, said in the fix of a failure that may be the probe's vantage point (diagnosis/vantage.ts).
import { isIP } from 'node:net';
import type { PlannedProbe } from './plan-workspace';

/** A word as a POSIX shell reads it back. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

export const RERUN_PREFIX = ['npx', 'apigee-tls-lint', 'probe'] as const;

/**
 * The editor's probe as a command: `probe --bundle <folder> --env E --target T` for a bundle's connection (`bundle`:
 * its folder, relative to the repository), else the URL with the plan's SNI choice and runtime.
 */
export function plannedRerun(probe: PlannedProbe, bundle: string | undefined): string {
  const words: string[] = [...RERUN_PREFIX];
  if (bundle !== undefined) {
    words.push('--bundle', bundle === '' ? '.' : bundle);
    if (probe.env !== undefined) words.push('--env', probe.env);
    words.push('--target', probe.server ?? probe.owner);
  } else if (probe.plan.probeable) {
    const { host, port, sni } = probe.plan.request;
    words.push(`https://${isIP(host) === 6 ? `[${host}]` : host}:${port}`);
    if (sni === null && isIP(host) === 0) words.push('--no-sni');
  }
  words.push('--profile', probe.runtime.profile, '--format', 'json');
  return words.map(shellWord).join(' ');
}
