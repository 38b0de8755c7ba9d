// V16: a proxy reads the client-certificate flow variables (`tls.client.s.dn`, `tls.client.cert.fingerprint`, …) or
// the connection ones (`tls.cipher`, `tls.protocol`, …) while the Edge virtual host it is bound to does not propagate
// them (`PropagateTLSInformation` ClientProperties / ConnectionProperties, both false by default): the proxy logic
// reads empty values. And `client.cn`-style certificate variables read behind one-way virtual hosts only, where no
// client certificate exists. Read where the proxy's logic reads them: flow conditions, `<Ref>`/`ref=""` and message
// templates of the bundle's XML (not a `<Payload>` echoing them), and the JavaScript its Javascript policies run
// (`jsc://`); each at the variable itself.
import { everywhere } from '../../../lint/rule';
import { xmlComments } from '../../../documents/xml/comments';
import type { Span } from '../../../documents/xml/types';
import type { Use, VirtualHostDef } from '../../model';
import { inEnvs, type WorkspaceRule, type WorkspaceRuleContext } from '../../rule';
import { isTwoWay } from '../../virtual-hosts';
import type { EnvIndex } from '../../workspace';
import { boundVirtualHosts } from './common';
import { logicReads } from './logic-reads';
import { edgePlatformOf, type EdgePlatform } from '../../edge-platform';

const CLIENT_VARS = /\btls\.client\.(?:s\.dn|i\.dn|raw\.cert|cert\.serial|cert\.fingerprint)\b/g;
const CONNECTION_VARS = /\btls\.(?:cipher|protocol|server\.name|session\.id)\b/g;
const CERT_VARS = /(?<![\w.])client\.(?:cn|country|email\.address|locality|organization(?:\.unit)?|state)\b/g;
/** Variable uses reported per bundle at most. */
const MAX_USES = 200;

type Need = 'client' | 'connection' | 'certificate';
interface VariableUse {
  file: string;
  span: Span;
  name: string;
  need: Need;
}

/** The text with comments blanked to spaces (offsets kept). */
function blank(text: string, comments: Iterable<{ start: number; end: number }>): string {
  let out = '';
  let at = 0;
  for (const c of comments) {
    out += text.slice(at, c.start) + text.slice(c.start, c.end).replace(/[^\n]/g, ' ');
    at = c.end;
  }
  return out + text.slice(at);
}

function* jsComments(text: string): Generator<{ start: number; end: number }> {
  const re = /\/\*[\s\S]*?\*\/|^[ \t]*\/\/[^\n]*/gm;
  for (let m = re.exec(text), n = 0; m !== null && n < 10_000; m = re.exec(text), n++) yield { start: m.index, end: m.index + m[0].length };
}

function usesIn(file: string, text: string, out: VariableUse[], isRead?: (start: number, end: number) => boolean): void {
  for (const [re, need] of [
    [CLIENT_VARS, 'client'],
    [CONNECTION_VARS, 'connection'],
    [CERT_VARS, 'certificate'],
  ] as const) {
    re.lastIndex = 0;
    for (let m = re.exec(text); m !== null && out.length < MAX_USES; m = re.exec(text))
      if (isRead === undefined || isRead(m.index, m.index + m[0].length))
        out.push({ file, span: { start: m.index, end: m.index + m[0].length }, name: m[0], need });
  }
}

/** The TLS variables a bundle reads: its XML files and the JavaScript its policies name. */
function bundleUses(ctx: WorkspaceRuleContext, bundleRoot: string): VariableUse[] {
  const out: VariableUse[] = [];
  for (const facts of ctx.workspace.allFacts()) {
    if (facts.role.kind !== 'bundle-xml' || facts.role.bundleRoot !== bundleRoot || !/tls\.|client\.|jsc:\/\//.test(facts.text)) continue;
    const text = blank(facts.text, xmlComments(facts.text));
    usesIn(facts.path, text, out, logicReads(text));
    for (const m of text.matchAll(/<ResourceURL>\s*jsc:\/\/([\w.\-/]+\.js)\s*<\/ResourceURL>/g)) {
      if (m[1]!.includes('..')) continue;
      const path = `${bundleRoot}/resources/jsc/${m[1]!}`;
      const js = ctx.workspace.readText(path);
      if (js !== undefined && js.length <= 1_000_000) usesIn(path, blank(js, jsComments(js)), out);
    }
  }
  return out;
}

/** Whether a virtual host gives a proxy what the variable needs (undefined: cannot tell, a template). */
function gives(vh: VirtualHostDef | undefined, need: Need): boolean | undefined {
  if (need === 'certificate') return vh === undefined ? false : vh.clientAuth?.value === 'template' ? undefined : isTwoWay(vh);
  const flags = need === 'client' ? [vh?.propagateTls?.client] : [vh?.propagateTls?.client, vh?.propagateTls?.connection];
  if (flags.some((f) => f?.value === true)) return true;
  return flags.some((f) => f?.value === 'template') ? undefined : false;
}

/** What to do, by product: the property is Edge Cloud's (Alpha); Private Cloud does not document it. */
function advice(setting: string, platforms: ReadonlySet<EdgePlatform | undefined>): string {
  const set = `Set propagateTLSInformation { "${setting.charAt(0).toLowerCase()}${setting.slice(1)}": true } on the virtual host`;
  if (platforms.size === 1 && platforms.has('cloud')) return `${set} (Edge Cloud, Alpha).`;
  if (platforms.size === 1 && platforms.has('private'))
    return `On Edge Private Cloud, PropagateTLSInformation is not documented (an Edge Cloud Alpha feature): the router does not set these variables; remove the check or take the client identity from elsewhere.`;
  return `${set} (Edge Cloud, Alpha; on Private Cloud the router does not offer it).`;
}

export const vhostPropagateTls: WorkspaceRule = {
  id: 'vhost-propagate-tls',
  description:
    'A proxy reads tls.client.* (or tls.cipher, tls.protocol, …) flow variables while the Edge virtual host it is bound to does not set PropagateTLSInformation ClientProperties (ConnectionProperties); or reads client.cn-style certificate variables behind one-way virtual hosts only.',
  why: 'The router passes no TLS information to the proxy unless the virtual host says so (both flags are false by default), and no client certificate exists on a one-way virtual host: the proxy logic reads empty values and silently accepts or rejects every call.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('warning'),
  fixable: false,
  check(ctx) {
    const seen = new Set<string>();
    // Read once per bundle, not once per proxy endpoint: a bundle of n endpoints and n policies would cost n².
    const byBundle = new Map<string, VariableUse[]>();
    for (const { file, uses, envs } of boundVirtualHosts(ctx)) {
      const role = ctx.workspace.facts(file)?.role;
      if (role?.kind !== 'bundle-xml' || envs.length === 0) continue;
      const variables = byBundle.get(role.bundleRoot) ?? bundleUses(ctx, role.bundleRoot);
      byBundle.set(role.bundleRoot, variables);
      for (const variable of variables) {
        const missing = new Map<string, EnvIndex[]>();
        const platforms = new Set(envs.map((env) => edgePlatformOf(ctx.workspace, env).platform));
        let served = false;
        for (const env of envs)
          for (const use of uses as Use[]) {
            const name = use.value.trim();
            const vh = env.virtualHosts.get(name)?.[0];
            if (vh === undefined && name !== 'secure') continue;
            const ok = gives(vh, variable.need);
            if (ok === false) missing.set(name, [...(missing.get(name) ?? []), env]);
            else served = true;
          }
        // Certificate variables are only wrong when no binding can carry a certificate.
        if (missing.size === 0 || (variable.need === 'certificate' && served)) continue;
        const key = `${variable.file}\u0000${variable.span.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const hosts = [...missing].map(([name, where]) => `'${name}' (${inEnvs(where)})`).join(', ');
        const setting = variable.need === 'client' ? 'ClientProperties' : 'ConnectionProperties';
        ctx.report(
          variable.file,
          variable.span,
          variable.need === 'certificate'
            ? `${variable.name} is always empty here: the proxy is bound only to one-way TLS virtual host${missing.size === 1 ? '' : 's'} ${hosts}, where clients present no certificate. Bind it to a two-way virtual host (clientAuthEnabled true with a trustStore), or remove the check.`
            : `${variable.name} is empty here: virtual host ${hosts} does not propagate TLS information to proxies (PropagateTLSInformation ${setting} is false by default). ${advice(setting, platforms)}`,
          { partial: served },
        );
      }
    }
  },
};
