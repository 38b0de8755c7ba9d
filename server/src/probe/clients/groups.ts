// The verdicts as a person reads them at a glance: the clients that cannot connect grouped by cause, the fix beside
// each group, then those that connect grouped by what they negotiate. Shared by the CLI's text and the editor's view.
import type { ClientVerdict } from './verdict';

export interface VerdictGroup {
  ok: boolean;
  /** The cause code of a failing group; null for a connecting one. */
  cause: string | null;
  /** `cipher-mismatch`, or `TLSv1.3 TLS_AES_128_GCM_SHA256 (x25519)`. */
  label: string;
  /** The fix of the group's first client (the same cause gets the same setting). */
  fix: string | null;
  clients: ClientVerdict[];
}

function groupBy<T>(items: readonly T[], key: (t: T) => string): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) map.set(key(item), [...(map.get(key(item)) ?? []), item]);
  return map;
}

export const negotiatedLabel = (c: ClientVerdict): string => `${c.protocol} ${c.cipher}${c.group === null ? '' : ` (${c.group})`}`;

export function verdictGroups(clients: readonly ClientVerdict[]): VerdictGroup[] {
  const failing = [
    ...groupBy(
      clients.filter((c) => !c.ok),
      (c) => c.cause ?? 'unknown',
    ),
  ].map(([cause, group]): VerdictGroup => ({ ok: false, cause, label: cause, fix: group[0]!.fix ?? null, clients: group }));
  const passing = [
    ...groupBy(
      clients.filter((c) => c.ok),
      negotiatedLabel,
    ),
  ].map(([label, group]): VerdictGroup => ({ ok: true, cause: null, label, fix: null, clients: group }));
  return [...failing, ...passing];
}
