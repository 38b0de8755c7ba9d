// Which Apigee runtime a bundle or environment folder deploys to: the evidence in one file's text (Edge: VirtualHost
// bindings, Node.js targets, apigee-config-maven-plugin 1.x, `caches`/`virtualHosts` config; X/hybrid: Enforce,
// Google authentication, X-only policies, gRPC/HTTP2 TargetServers, plugin 2.x, the `src/main/apigee` layout), and
// the decision they weigh to. Pure: text in, evidence out; ./profile.ts finds the files.
import { parseJson, type JsonNode } from '../documents/json/json-document';
import { withoutComments } from '../documents/xml/comments';
import { PROFILES, type Profile } from '../lint/model';

export type ProfileSetting = Profile | 'auto';
export const PROFILE_SETTINGS: readonly ProfileSetting[] = ['auto', ...PROFILES];

/** What the runtime is when nothing says otherwise (and when the evidence is ambiguous). */
export const FALLBACK_PROFILE: Profile = 'apigeex';

/** The override file: `{ "profile": "edge" }` in a bundle or environment folder, or in any folder above it. */
export const OVERRIDE_FILE = '.apigee-tls.json';

/**
 * The files besides XML whose change can change a decision, as a glob for editors' file watchers: single-file
 * config, the override file, Edge-only environment configuration and Terraform files.
 */
export const PROFILE_EVIDENCE_GLOB = `**/{edge.json,${OVERRIDE_FILE},virtualHosts*.json,caches*.json,*.tf}`;

export interface Evidence {
  /** What kind of evidence (`virtual-host`, `enforce`, `maven-plugin` …): one of each kind counts. */
  kind: string;
  /** The runtime it points to. */
  runtime: Profile;
  /**
   * Strong: only that runtime has it. Weak: usual there, but the other runtime may carry it too (a VirtualHost left
   * in an X template). Hint: a host name (`*.googleapis.com`, `*.run.app`, `org-env.apigee.net`): either runtime may
   * call it, so it never outweighs a VirtualHost binding, let alone a build plugin.
   */
  strength: 'strong' | 'weak' | 'hint';
  /** What was seen and why it counts, for people. */
  what: string;
  /** The file it was seen in, relative to the decision's root when inside it. */
  file: string;
}

export interface ProfileDecision {
  profile: Profile;
  /** False when the evidence was missing or conflicting: `profile` is then the fallback. */
  decided: boolean;
  evidence: Evidence[];
  /** The folder decided for: a bundle (`apiproxy`, `sharedflowbundle`) or the folder of a file outside one. */
  root: string;
  /** The override file that set the profile, if one did. */
  override?: string;
}

/** The decision in one line: `Apigee Edge (inferred from …)`. */
export function describeDecision(decision: ProfileDecision): string {
  const name = decision.profile === 'edge' ? 'Apigee Edge' : 'Apigee X/hybrid';
  if (decision.override !== undefined) return `${name} (set by ${decision.override})`;
  const list = (es: readonly Evidence[]): string => es.map((e) => `${e.what} in ${e.file}`).join('; ');
  if (decision.decided) {
    const against = decision.evidence.filter((e) => e.runtime !== decision.profile);
    const over = against.length === 0 ? '' : `, over ${list(against)}`;
    return `${name} (inferred from ${list(decision.evidence.filter((e) => e.runtime === decision.profile))}${over})`;
  }
  const why = decision.evidence.length === 0 ? 'no Edge or X evidence found' : `conflicting evidence: ${list(decision.evidence)}`;
  return `${name} (undecided, the default: ${why}; set apigeeTls.profile or add ${OVERRIDE_FILE} with {"profile": "edge"})`;
}

/** What one piece of evidence of each strength weighs: a strong one three weak ones, a weak one two hints. */
export const EVIDENCE_WEIGHT: Readonly<Record<Evidence['strength'], number>> = { strong: 6, weak: 2, hint: 1 };

/**
 * A decision needs one side to weigh at least twice the other. Short of that, Edge-only evidence (a Node.js or
 * hosted target, the 1.x build plugins, Edge-only configuration) settles it for Edge: Apigee X refuses those, while
 * X-only settings in an Edge project are the mistake lint exists to report (enforce-on-edge).
 */
export function decide(root: string, evidence: Evidence[]): ProfileDecision {
  const weight = (p: Profile): number => evidence.filter((e) => e.runtime === p).reduce((sum, e) => sum + EVIDENCE_WEIGHT[e.strength], 0);
  const edge = weight('edge');
  const x = weight('apigeex');
  if (edge > 0 && edge >= 2 * x) return { profile: 'edge', decided: true, evidence, root };
  if (x > 0 && x >= 2 * edge) return { profile: 'apigeex', decided: true, evidence, root };
  if (evidence.some((e) => e.runtime === 'edge' && e.strength === 'strong')) return { profile: 'edge', decided: true, evidence, root };
  return { profile: FALLBACK_PROFILE, decided: false, evidence, root };
}

export type Add = (e: Evidence) => void;

/** `src/main/apigee/apiproxies/…` and `src/main/apigee/environments/…`: the Apigee X local development layout. */
export function layoutEvidence(root: string, add: Add): void {
  const parts = root.split(/[\\/]/);
  const at = parts.findIndex((p, i) => p === 'src' && parts[i + 1] === 'main' && parts[i + 2] === 'apigee');
  if (at >= 0)
    add({
      kind: 'x-layout',
      runtime: 'apigeex',
      strength: 'strong',
      what: 'the src/main/apigee layout (Apigee X local development)',
      file: parts.slice(at, at + 3).join('/'),
    });
}

/** Policies only Apigee X and hybrid have. */
const X_ONLY_POLICIES = [
  'ExternalCallout',
  'DataCapture',
  'TraceCapture',
  'PublishMessage',
  'IntegrationCallout',
  'SetIntegrationRequest',
  'SemanticCacheLookup',
  'SemanticCachePopulate',
  'PromptTokenLimit',
  'SanitizeUserPrompt',
  'SanitizeModelResponse',
];
const X_POLICY = new RegExp(`^\\s*(?:<\\?[\\s\\S]*?\\?>\\s*)?<(${X_ONLY_POLICIES.join('|')})[\\s>/]`);

/** Evidence in one XML file (comments removed: commented-out settings say nothing). */
export function xmlEvidence(raw: string, file: string, add: Add): void {
  const text = withoutComments(raw);
  const vhost = /<VirtualHost>\s*([^<\s]*)\s*<\/VirtualHost>/.exec(text);
  if (vhost !== null)
    add({
      kind: 'virtual-host',
      runtime: 'edge',
      strength: 'weak',
      what: `a VirtualHost binding (${vhost[1]}; Apigee X ignores virtual hosts)`,
      file,
    });
  if (/<ScriptTarget[\s>]/.test(text))
    add({
      kind: 'node-target',
      runtime: 'edge',
      strength: 'strong',
      what: 'a Node.js ScriptTarget (Apigee X has no Node.js targets)',
      file,
    });
  if (/<HostedTarget[\s>/]/.test(text))
    add({ kind: 'hosted-target', runtime: 'edge', strength: 'strong', what: 'a HostedTarget (Edge only)', file });
  const apigeeNet = edgeCloudHost(text);
  if (apigeeNet !== undefined)
    add({ kind: 'apigee-net', runtime: 'edge', strength: 'hint', what: `an Apigee Edge cloud host (${apigeeNet})`, file });
  if (enforceInSslInfo(text))
    add({ kind: 'enforce', runtime: 'apigeex', strength: 'strong', what: '<Enforce> in SSLInfo (Apigee X and hybrid only)', file });
  if (/<(GoogleAccessToken|GoogleIDToken)[\s>/]/.test(text))
    add({
      kind: 'google-auth',
      runtime: 'apigeex',
      strength: 'strong',
      what: 'Google authentication (GoogleAccessToken/GoogleIDToken, Apigee X only)',
      file,
    });
  const policy = X_POLICY.exec(text);
  if (policy !== null)
    add({ kind: 'x-policy', runtime: 'apigeex', strength: 'strong', what: `the ${policy[1]} policy (Apigee X only)`, file });
  const grpc = /<Path>\s*(\/[a-z]\w*(?:\.\w+)+\/[A-Z]\w*)\s*<\/Path>/.exec(text);
  if (grpc !== null)
    add({
      kind: 'grpc',
      runtime: 'apigeex',
      strength: 'strong',
      what: `a gRPC method path (${grpc[1]}; gRPC targets are Apigee X only)`,
      file,
    });
  const google = /https:\/\/[\w.-]*\b(googleapis\.com|run\.app|cloudfunctions\.net)\b/.exec(text);
  if (google !== null)
    add({ kind: 'google-target', runtime: 'apigeex', strength: 'hint', what: `a Google Cloud target (${google[1]})`, file });
}

/**
 * The first `*.apigee.net` host (Edge cloud: `org-env.apigee.net`), read around each occurrence so that a long
 * run of dotted words costs no more than a scan. mocktarget.apigee.net is Google's public mock backend, used by
 * Apigee X samples too.
 */
function edgeCloudHost(text: string): string | undefined {
  for (let at = text.indexOf('.apigee.net'), seen = 0; at >= 0 && seen < 20; at = text.indexOf('.apigee.net', at + 1), seen++) {
    if (/[\w-]/.test(text[at + '.apigee.net'.length] ?? '')) continue;
    let start = at;
    while (start > 0 && at - start < 253 && /[\w.-]/.test(text[start - 1]!)) start--;
    const host = text.slice(start, at + '.apigee.net'.length).replace(/^[.-]+/, '');
    if (host !== '.apigee.net' && !host.startsWith('.') && host !== 'mocktarget.apigee.net') return host;
  }
  return undefined;
}

/** An `<Enforce>` whose nearest enclosing-looking tag is an open `<SSLInfo>` (the first few occurrences only). */
function enforceInSslInfo(text: string): boolean {
  const enforce = /<Enforce[\s>]/g;
  for (let i = 0, m = enforce.exec(text); m !== null && i < 10; m = enforce.exec(text), i++) {
    if (text.lastIndexOf('<SSLInfo', m.index) > text.lastIndexOf('</SSLInfo>', m.index)) return true;
  }
  return false;
}

/**
 * Evidence in a Terraform file: the Google provider's Apigee resources exist only for Apigee X and hybrid; the
 * zambien/apigee provider speaks Edge's management API only (scastria/apigee serves both, so it says nothing).
 */
export function terraformEvidence(text: string, file: string, add: Add): void {
  const google = /^\s*resource\s+"(google_apigee_\w+)"/m.exec(text);
  if (google !== null)
    add({
      kind: 'terraform-google',
      runtime: 'apigeex',
      strength: 'strong',
      what: `a ${google[1]} resource (Apigee X and hybrid only)`,
      file,
    });
  if (/^\s*source\s*=\s*"(?:registry\.terraform\.io\/)?zambien\/apigee"/m.test(text))
    add({
      kind: 'terraform-edge',
      runtime: 'edge',
      strength: 'strong',
      what: 'the zambien/apigee Terraform provider (Apigee Edge only)',
      file,
    });
}

/** Evidence in a JSON config file: TargetServer protocols and `enforce`, edge.json's Edge-only sections. */
export function jsonEvidence(text: string, file: string, add: Add): void {
  const root = parseJson(text);
  if (root === undefined) return;
  const envConfig = root.kind === 'object' ? root.properties.find((p) => p.key === 'envConfig')?.value : undefined;
  const visit = (node: JsonNode, key: string | undefined, depth: number): void => {
    if (depth > 32) return;
    if (node.kind === 'array') node.items.forEach((item) => visit(item, undefined, depth + 1));
    if (node.kind !== 'object') return;
    const inEnvConfig = envConfig?.kind === 'object' && envConfig.properties.some((p) => p.value === node);
    for (const p of node.properties) {
      const value = p.value.kind === 'string' ? p.value.value : undefined;
      if (p.key === 'protocol' && value !== undefined && /^(GRPC_TARGET|GRPC|HTTP2|EXTERNAL_CALLOUT)$/.test(value))
        add({ kind: 'x-protocol', runtime: 'apigeex', strength: 'strong', what: `a ${value} TargetServer (Apigee X only)`, file });
      else if (p.key === 'enforce' && (key === 'sSLInfo' || key === 'sslInfo'))
        add({ kind: 'enforce', runtime: 'apigeex', strength: 'strong', what: '"enforce" in sSLInfo (Apigee X and hybrid only)', file });
      else if ((p.key === 'caches' || p.key === 'virtualHosts') && inEnvConfig)
        add({
          kind: 'edge-config',
          runtime: 'edge',
          strength: 'strong',
          what: `"${p.key}" in envConfig (apigee-config-maven-plugin 1.x, Edge only)`,
          file,
        });
      visit(p.value, p.key, depth + 1);
    }
  };
  visit(root, undefined, 0);
}

/** apigee-config-maven-plugin and apigee-edge-maven-plugin: 1.x deploys to Edge, 2.x to X and hybrid. */
export function pomEvidence(raw: string, file: string, add: Add): void {
  const text = withoutComments(raw);
  const plugin =
    /<artifactId>\s*(apigee-config-maven-plugin|apigee-edge-maven-plugin)\s*<\/artifactId>\s*<version>\s*([^<\s]+)\s*<\/version>/g;
  for (const m of text.matchAll(plugin)) {
    const major = /^(\d+)\./.exec(m[2]!)?.[1];
    if (major === '1')
      add({ kind: 'maven-plugin', runtime: 'edge', strength: 'strong', what: `${m[1]} ${m[2]} (the 1.x line deploys to Edge)`, file });
    else if (major !== undefined && Number(major) >= 2)
      add({
        kind: 'maven-plugin',
        runtime: 'apigeex',
        strength: 'strong',
        what: `${m[1]} ${m[2]} (2.x deploys to Apigee X and hybrid)`,
        file,
      });
  }
}
