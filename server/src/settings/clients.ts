// `apigeeTls.clients.set`: a team's own API clients ("our partners run Java 8u161 and .NET 4.5"), the set
// "Diagnose clients of a host…" simulates when none is asked for. One default (empty: the default set, or the
// workspace folder's `.apigee-tls.json` `clients`). Ids are the profile table's.
import { CLIENT_PROFILES } from '../tls/clients/table';

export const CLIENTS_SET_KEY = 'apigeeTls.clients.set';

const MANIFEST = {
  [CLIENTS_SET_KEY]: {
    type: 'array',
    items: { type: 'string', enum: ['all', ...CLIENT_PROFILES.map((p) => p.id)] },
    uniqueItems: true,
    default: [],
    markdownDescription:
      'The API clients **Diagnose clients of a host…** simulates: ids of the client profile table (`all`: every one), such as `["java-8u161", "dotnet-4.5-win7"]`. Empty: the `clients` of the workspace folder\'s `.apigee-tls.json`, else the clients Apigee API consumers run.',
    scope: 'resource',
  },
};

export function clientsConfigurationProperties(): Record<string, unknown> {
  return structuredClone(MANIFEST);
}

/** The set as the settings hold it: ids of strings only (an unknown id reaches the request, which names it). */
export function readClientsSettings(get: (key: string) => unknown): { set: string[] } {
  const value = get(CLIENTS_SET_KEY);
  return { set: Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v !== '') : [] };
}
