// Which clients a run simulates: the ids asked for (`all`: the whole table), else a team's own set (settings or
// .apigee-tls.json), else the default set (the clients Apigee API consumers run). Pure: ids in, profiles out.
import type { ClientProfile } from '../../tls/clients/profile';
import { CLIENT_PROFILES } from '../../tls/clients/table';

export type ClientChoice = { clients: ClientProfile[] } | { unknown: string[] };

/** The profiles of `ids` in their order, or the ids the table lacks; `all` anywhere: every profile. */
export function profilesOf(ids: readonly string[]): ClientChoice {
  if (ids.includes('all')) return { clients: [...CLIENT_PROFILES] };
  const unknown = ids.filter((id) => !CLIENT_PROFILES.some((p) => p.id === id));
  if (unknown.length > 0) return { unknown };
  return { clients: [...new Set(ids)].map((id) => CLIENT_PROFILES.find((p) => p.id === id)!) };
}

/** The clients a run uses: those asked for, else the team's set, else the default (consumer) set. */
export function chooseClients(asked: readonly string[], teamSet: readonly string[] | undefined): ClientChoice {
  if (asked.length > 0) return profilesOf(asked);
  if (teamSet !== undefined && teamSet.length > 0) return profilesOf(teamSet);
  return { clients: CLIENT_PROFILES.filter((p) => p.consumer) };
}

/** Every id of the table, for messages and completion. */
export const CLIENT_IDS: readonly string[] = CLIENT_PROFILES.map((p) => p.id);
