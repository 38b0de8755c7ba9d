// `loadbalancer-sslinfo` said by case once the model sees the TargetServers: the block is redundant (every
// TargetServer carries its own sSLInfo, or its Terraform s_sl_info / ssl_info block or ssl_enabled, which wins),
// or it is what turns TLS on for a TargetServer that has none,
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

/** What a TargetServer with TLS carries: its sSLInfo, its s_sl_info / ssl_info block, its TLS (ssl_enabled = true). */
const ownTerm = (setting: 's_sl_info' | 'ssl_info' | 'ssl_enabled' | undefined): string =>
  setting === 'ssl_enabled' ? 'TLS (ssl_enabled = true)' : tlsTerm(setting);

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
    // In the terms of the files defining them: the JSON sSLInfo, or the Terraform resource's TLS attribute.
    const settings = [
      ...new Set(defined.flatMap((name) => envs.flatMap((env) => targetServer(env, name) ?? []).map((ts) => ts.tlsSetting))),
    ];
    const own = [...new Set(settings.map(ownTerm))].join(' / ');
    // TargetServers not defined here are likely written like the others (one Terraform attribute for all).
    const none = settings.length === 1 ? tlsTerm(settings[0]) : 'sSLInfo';
    const unseen = names.filter((name) => !defined.includes(name));
    if (unseen.length > 0) {
      // Certain for the ones defined here, not for the others: both possibilities for those.
      const them = unseen.length === 1 ? `TargetServer ${quotedList(unseen)} is` : `TargetServers ${quotedList(unseen)} are`;
      return {
        ...finding,
        message: `${subject} own ${own} in ${inEnvs(envs)}, which wins over this block; ${them} not defined in this repository: if ${unseen.length === 1 ? 'it has' : 'one has'} no ${none}, this block is what turns TLS on for ${unseen.length === 1 ? 'it' : 'that one'}. Check before removing this block.`,
      };
    }
    return {
      ...finding,
      message: `Redundant: ${subject} own ${own} in ${inEnvs(envs)}, which wins over this block. Remove it, or keep it in step.`,
    };
  });
}
