// `loadbalancer-sslinfo` said by case once the model sees the TargetServers: the block is redundant (every
// TargetServer carries its own sSLInfo, which wins), or it is what turns TLS on for a TargetServer that has none,
// or the TargetServers are not in the repository (the per-file wording stays: both possibilities), or some are
// defined here and others not (redundant for the first, both possibilities for the others).
import type { Connection } from '../documents/connection';
import type { Finding } from '../lint/model';
import { isSymbolic } from './symbols';
import { manages, targetServer } from './resolve';
import { inEnvs } from './rule';
import type { Workspace } from './workspace';

const RULE = 'loadbalancer-sslinfo';

function serverNames(connection: Connection): string[] {
  const names = (connection.loadBalancer?.children ?? [])
    .filter((c) => c.name === 'Server')
    .flatMap((c) => c.attributes.find((a) => a.name === 'name')?.value ?? [])
    .filter((name) => name !== '' && !isSymbolic(name));
  return [...new Set(names)];
}

const tlsTerm = (setting: 's_sl_info' | 'ssl_info' | 'ssl_enabled' | undefined): string =>
  setting === undefined ? 'sSLInfo' : setting === 'ssl_enabled' ? 'ssl_enabled = true' : `${setting} block`;

const quotedList = (names: readonly string[]): string => names.map((n) => `'${n}'`).join(', ');

export function wordLoadBalancerFindings(
  ws: Workspace,
  path: string,
  connections: readonly Connection[],
  findings: Finding[],
  only?: ReadonlySet<string>,
): Finding[] {
  if (!findings.some((f) => f.ruleId === RULE)) return findings;
  const envs = ws.environmentsOf(path, only).filter((env) => manages(env, 'targetServers'));
  if (envs.length === 0) return findings;
  return findings.map((finding) => {
    if (finding.ruleId !== RULE) return finding;
    const connection = connections.find((c) => c.sslInfo?.nameSpan.start === finding.span.start);
    const names = connection === undefined ? [] : serverNames(connection);
    if (names.length === 0) return finding;
    const lacking = names.flatMap((name) => {
      const without = envs.filter((env) => {
        const server = targetServer(env, name);
        return server !== undefined && server.connection?.sslInfo === undefined;
      });
      return without.length === 0 ? [] : [{ name, envs: without }];
    });
    if (lacking.length > 0) {
      const which = lacking.map((l) => `'${l.name}' (${inEnvs(l.envs)})`).join(', ');
      // Said in the terms of the file defining the TargetServer: the JSON sSLInfo, or the Terraform resource's block.
      const terms = [...new Set(lacking.flatMap((l) => l.envs.map((env) => tlsTerm(targetServer(env, l.name)?.tlsSetting))))];
      const term = terms.join(' / ');
      return {
        ...finding,
        message: `TargetServer ${which} has no ${term}: this SSLInfo is what turns TLS on for it, and the call breaks the day someone removes it. Configure TLS on the TargetServer (its ${term}, which wins when both are set).`,
      };
    }
    const defined = names.filter((name) => envs.some((env) => targetServer(env, name) !== undefined));
    if (defined.length === 0) return finding;
    const subject =
      defined.length === 1 ? `TargetServer ${quotedList(defined)} carries its` : `TargetServers ${quotedList(defined)} carry their`;
    const unseen = names.filter((name) => !defined.includes(name));
    if (unseen.length > 0) {
      // Certain for the ones defined here, not for the others: both possibilities for those.
      const them = unseen.length === 1 ? `TargetServer ${quotedList(unseen)} is` : `TargetServers ${quotedList(unseen)} are`;
      return {
        ...finding,
        message: `${subject} own sSLInfo in ${inEnvs(envs)}, which wins over this block; ${them} not defined in this repository: if ${unseen.length === 1 ? 'it has' : 'one has'} no sSLInfo, this block is what turns TLS on for ${unseen.length === 1 ? 'it' : 'that one'}. Check before removing this block.`,
      };
    }
    return {
      ...finding,
      message: `Redundant: ${subject} own sSLInfo in ${inEnvs(envs)}, which wins over this block. Remove it, or keep it in step.`,
    };
  });
}
