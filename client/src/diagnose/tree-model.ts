// The "Apigee TLS" view's shape (pure: no vscode import): environments, then the TargetServers and URL targets
// dialled there, then the TargetEndpoints, ServiceCallouts and TargetServer entries that use each, with the last
// diagnosis. The server decides what is dialled and what a result means; this only groups and words it.
import type { NorthboundEntry } from '../../../server/src/shared/northbound-protocol';
import type { PlannedConnection } from '../../../server/src/shared/protocol';
import { describeConnection, dialled } from './present';

export type State = 'ok' | 'failing' | 'unknown' | 'not-probeable';

export interface EnvNode {
  kind: 'env';
  /** null: connections of a bundle without environment configuration (a literal URL). */
  env: string | null;
  targets: TargetNode[];
  /** The environment's front doors (its NORTHBOUND section), when it has any. */
  northbound?: NorthboundEntry[];
}

export interface TargetNode {
  kind: 'target';
  env: string | null;
  /** The TargetServer's name, or the URL target's host:port (or its owner when it cannot be probed). */
  label: string;
  server: boolean;
  connections: PlannedConnection[];
}

export interface UseNode {
  kind: 'use';
  connection: PlannedConnection;
}

export type TreeNode = EnvNode | TargetNode | UseNode;

export const NO_ENVIRONMENT = '(no environment)';

/** Environments in the server's order (sorted, the unconfigured last); targets by name within each. */
export function groupConnections(connections: readonly PlannedConnection[]): EnvNode[] {
  const envs = new Map<string | null, Map<string, TargetNode>>();
  for (const c of connections) {
    const targets = envs.get(c.env) ?? new Map<string, TargetNode>();
    envs.set(c.env, targets);
    const server = c.server !== null;
    const label = server ? c.server! : (dialled(c) ?? describeConnection({ ...c, env: null }));
    const key = `${server ? 'server' : 'url'}:${label}`;
    const target = targets.get(key) ?? { kind: 'target', env: c.env, label, server, connections: [] };
    target.connections.push(c);
    targets.set(key, target);
  }
  return [...envs].map(([env, targets]) => ({
    kind: 'env',
    env,
    targets: [...targets.values()].sort((a, b) => Number(b.server) - Number(a.server) || a.label.localeCompare(b.label)),
  }));
}

export function stateOf(connections: readonly PlannedConnection[]): State {
  if (connections.some((c) => c.last?.ok === false)) return 'failing';
  const probeable = connections.filter((c) => c.notProbeable === null);
  if (probeable.length === 0) return 'not-probeable';
  return probeable.every((c) => c.last?.ok === true) ? 'ok' : 'unknown';
}

/** The ids "Diagnose" runs: every probeable connection under the node. */
export function idsOf(node: TreeNode): string[] {
  const all =
    node.kind === 'env' ? node.targets.flatMap((t) => t.connections) : node.kind === 'target' ? node.connections : [node.connection];
  return all.filter((c) => c.notProbeable === null).map((c) => c.id);
}

/** The earliest expiry among the results, as a date. */
function expiry(connections: readonly PlannedConnection[]): string | undefined {
  const dates = connections.flatMap((c) => (c.last?.expires == null ? [] : [c.last.expires])).sort();
  return dates[0]?.slice(0, 10);
}

/** One line beside the node: the last diagnosis (the failing one first) and when the certificate expires. */
export function descriptionOf(connections: readonly PlannedConnection[]): string {
  const state = stateOf(connections);
  if (state === 'not-probeable') return `cannot diagnose: ${connections[0]?.notProbeable ?? ''}`;
  const shown =
    connections.find((c) => c.last?.ok === false)?.last ?? (state === 'ok' ? connections.find((c) => c.last !== null)?.last : undefined);
  if (shown === undefined || shown === null) return 'not yet diagnosed';
  const expires = expiry(connections);
  return expires === undefined ? shown.summary : `${shown.summary} · certificate expires ${expires}`;
}

/** What uses a connection: "TargetEndpoint 'default' (proxy orders)", "TargetServer entry". */
export function useLabel(c: PlannedConnection): string {
  if (c.kind === 'TargetServer') return 'TargetServer entry';
  return `${c.kind} '${c.owner}'${c.bundle === null ? '' : ` (${c.bundle})`}`;
}

/** The environment's line: how many connections, how many failing. */
export function envDescription(node: EnvNode): string {
  const all = node.targets.flatMap((t) => t.connections);
  const failing = node.targets.filter((t) => stateOf(t.connections) === 'failing').length;
  const targets = `${node.targets.length} target${node.targets.length === 1 ? '' : 's'}`;
  return failing > 0 ? `${targets} · ${failing} failing` : all.some((c) => c.last !== null) ? `${targets} · diagnosed` : targets;
}

/**
 * Adds each environment's front doors; an environment with front doors and no connections gets a node too, and so
 * does each environment the configuration declares (`declared`: a Terraform google_apigee_environment alone).
 */
export function withNorthbound(
  envs: readonly EnvNode[],
  byEnv: ReadonlyMap<string | null, NorthboundEntry[]>,
  declared: readonly string[] = [],
): EnvNode[] {
  const out = new Map(envs.map((e) => [e.env, { ...e }]));
  for (const env of declared) if (!out.has(env)) out.set(env, { kind: 'env', env, targets: [] });
  for (const [env, entries] of byEnv) out.set(env, { ...(out.get(env) ?? { kind: 'env', env, targets: [] }), northbound: entries });
  return [...out.values()].sort((a, b) => Number(a.env === null) - Number(b.env === null) || (a.env ?? '').localeCompare(b.env ?? ''));
}
