// Editor navigation over the workspace model, pure: what name sits at an offset of a file (a `<Server name>`, a
// `ref://…`, a keystore, a KeyAlias, a `{propertyset.S.K}`, or a definition's own name), where it is defined in
// each environment, who uses it, how it resolves (reference → keystore → alias → certificate), and the names a
// position may complete to.
import { relative } from 'node:path';
import type { HclBlock } from '../documents/hcl/hcl-document';
import type { Span } from '../documents/xml/types';
import type { CertificateInfo } from './certificates';
import { aliasMaterial } from './material';
import type { AliasDef, EnvEntity, Located } from './model';
import { describeFailure } from '../fs/regular-file';
import { aliasesOf, keystoreNameOf, REF, resolveStore } from './resolve';
import { propertyValue } from './templates';
import { BUILT_IN_VIRTUAL_HOSTS, isOn, isTwoWay, servesTls } from './virtual-hosts';
import { sslOwners } from './ssl-owners';
import type { EnvIndex, Workspace } from './workspace';

export type NameKind = 'targetServer' | 'reference' | 'keystore' | 'alias' | 'property' | 'virtualHost';

export interface NameAt {
  kind: NameKind;
  /** The name (for a property, `S.K`). */
  name: string;
  /** The value's span in the file. */
  span: Span;
  /** The environments the name is resolved in: the file's, or the one environment of a definition. */
  envs: EnvIndex[];
  /** For aliases: the KeyStore value of the same SSLInfo (or the alias's keystore), when known. */
  keyStore?: string;
  /** For properties. */
  set?: string;
  key?: string;
}

export interface Place {
  file: string;
  span: Span;
  /** The environment this place belongs to (undefined for bundle files). */
  env?: string;
}

const inside = (span: Span, offset: number): boolean => span.start <= offset && offset <= span.end;

/** The name at `offset` in `path`, if any (the first, where a Terraform label names several). */
export function nameAt(ws: Workspace, path: string, offset: number): NameAt | undefined {
  return namesAt(ws, path, offset)[0];
}

/** The names at `offset`: one, or in Terraform several (the label of a resource whose `for_each` gives each instance a name). */
export function namesAt(ws: Workspace, path: string, offset: number): NameAt[] {
  const one = xmlOrJsonNameAt(ws, path, offset);
  return one !== undefined ? [one] : terraformNamesAt(ws, path, offset);
}

function xmlOrJsonNameAt(ws: Workspace, path: string, offset: number): NameAt | undefined {
  const facts = ws.facts(path);
  if (facts === undefined) return undefined;
  const use = facts.uses.find((u) => inside(u.span, offset));
  if (use !== undefined) {
    const envs = ws.environmentsOf(path);
    switch (use.kind) {
      case 'server':
        return { kind: 'targetServer', name: use.value, span: use.span, envs };
      case 'store':
        return storeName(use.value, use.span, envs);
      case 'keyAlias':
        return { kind: 'alias', name: use.value.trim(), span: use.span, envs, keyStore: use.keyStore };
      case 'property':
        return { kind: 'property', name: `${use.set!}.${use.key!}`, span: use.span, envs, set: use.set, key: use.key };
      case 'virtualHost':
        return { kind: 'virtualHost', name: use.value.trim(), span: use.span, envs };
    }
  }
  for (const entity of facts.entities) {
    if (offset < entity.span.start || offset > entity.span.end) continue;
    const envs = envsOfEntity(ws, path, entity);
    if (inside(entity.nameSpan, offset)) {
      const kind = entity.kind === 'resourcefile' ? undefined : entity.kind;
      if (kind !== undefined)
        return {
          kind,
          name: entity.name,
          span: entity.nameSpan,
          envs,
          ...(entity.kind === 'alias' ? { keyStore: entity.keystore?.value } : {}),
        };
    }
    const located = valueAt(entity, offset);
    if (located !== undefined)
      return located.kind === 'store' ? storeName(located.value.value, located.value.span, envs) : located.at(envs);
  }
  return undefined;
}

/**
 * Names in Terraform: a resource's name where it is written (the `name` value, or for a name derived from a
 * variable or a `for_each`, the tfvars value, the variable's default or the map key that produced it, and the
 * expression itself), its block label, or a store or alias in its TLS block. Each name's environments are those of
 * every instance named there.
 */
function terraformNamesAt(ws: Workspace, path: string, offset: number): NameAt[] {
  const hits: NameAt[] = [];
  const blocks = ws.facts(path)?.hcl?.body.blocks ?? [];
  for (const { entity, env } of ws.terraformEntities(path)) {
    if (entity.kind === 'resourcefile') continue;
    const here = entity.file === path;
    const span = [
      here ? entity.nameSpan : undefined,
      here ? entity.labelSpan : undefined,
      here && entity.nameOrigin !== undefined ? nameExpression(blocks, entity) : undefined,
      entity.nameOrigin?.file === path ? entity.nameOrigin.span : undefined,
    ].find((s) => s !== undefined && inside(s, offset));
    let at: NameAt | undefined;
    if (span !== undefined)
      at = {
        kind: entity.kind,
        name: entity.name,
        span,
        envs: [env],
        ...(entity.kind === 'alias' ? { keyStore: entity.keystore?.value } : {}),
      };
    else if (here) {
      const located = valueAt(entity, offset);
      if (located !== undefined)
        at = located.kind === 'store' ? storeName(located.value.value, located.value.span, [env]) : located.at([env]);
    }
    if (at === undefined) continue;
    const same = hits.find((h) => h.kind === at.kind && h.name === at.name);
    if (same === undefined) hits.push(at);
    else if (!same.envs.includes(env)) same.envs.push(env);
  }
  return hits;
}

/** The expression of a Terraform resource's name attribute (`var.name`, `each.key`), found by the resource's block. */
function nameExpression(blocks: readonly HclBlock[], entity: EnvEntity): Span | undefined {
  const block = blocks.find((b) => b.span.start === entity.span.start);
  return block?.body.attributes.find((a) => a.name === (entity.kind === 'alias' ? 'alias' : 'name'))?.value.span;
}

function storeName(value: string, span: Span, envs: EnvIndex[]): NameAt {
  const trimmed = value.trim();
  return trimmed.startsWith(REF)
    ? { kind: 'reference', name: trimmed.slice(REF.length), span, envs }
    : { kind: 'keystore', name: trimmed, span, envs };
}

type ValueAt = { kind: 'store'; value: Located } | { kind: 'name'; at: (envs: EnvIndex[]) => NameAt };

/** A name inside a definition: a TargetServer's sSLInfo stores and alias, a reference's `refers`, an alias's keystore. */
function valueAt(entity: EnvEntity, offset: number): ValueAt | undefined {
  const at = (l: Located | undefined): Located | undefined => (l !== undefined && inside(l.span, offset) ? l : undefined);
  const named = (kind: NameKind, l: Located, keyStore?: string): ValueAt => ({
    kind: 'name',
    at: (envs) => ({ kind, name: l.value.trim(), span: l.span, envs, ...(keyStore === undefined ? {} : { keyStore }) }),
  });
  switch (entity.kind) {
    case 'targetServer':
    case 'virtualHost': {
      const store = at(entity.keyStore) ?? at(entity.trustStore);
      if (store !== undefined) return { kind: 'store', value: store };
      const alias = at(entity.keyAlias);
      return alias === undefined ? undefined : named('alias', alias, entity.keyStore?.value);
    }
    case 'reference': {
      const refers = at(entity.refers);
      return refers === undefined ? undefined : named('keystore', refers);
    }
    case 'alias': {
      const keystore = at(entity.keystore);
      return keystore === undefined ? undefined : named('keystore', keystore);
    }
    default:
      return undefined;
  }
}

function envsOfEntity(ws: Workspace, path: string, entity: EnvEntity): EnvIndex[] {
  const project = ws.projectOf(path);
  const env = project === undefined ? undefined : ws.env(project, entity.env, entity.file);
  return env === undefined ? [] : [env];
}

// ------------------------------------------------------------------------------------------ definitions

/** Where the name is defined, in each of its environments (several places when several define it). */
export function definitionsOf(ws: Workspace, path: string, at: NameAt): Place[] {
  const out: Place[] = [];
  const push = (entities: readonly EnvEntity[] | undefined, env: EnvIndex): void => {
    for (const e of entities ?? []) out.push(definitionPlace(e, env));
  };
  for (const env of at.envs) {
    switch (at.kind) {
      case 'targetServer':
        push(env.targetServers.get(at.name), env);
        break;
      case 'virtualHost':
        push(env.virtualHosts.get(at.name), env);
        break;
      case 'reference':
        push(env.references.get(at.name), env);
        break;
      case 'keystore':
        push(env.keystores.get(at.name), env);
        break;
      case 'alias':
        for (const alias of aliasesIn(env, at)) out.push(definitionPlace(alias, env));
        break;
      case 'property': {
        const place = propertyPlace(ws, path, env, at.set!, at.key!);
        if (place !== undefined) out.push(place);
        break;
      }
    }
  }
  if (at.kind === 'property' && at.envs.length === 0) {
    const place = propertyPlace(ws, path, undefined, at.set!, at.key!);
    if (place !== undefined) out.push(place);
  }
  return dedupePlaces(out);
}

/**
 * Where an entity's name is defined: its name value; for a Terraform name that a variable or a `for_each` gave
 * (`name = var.ts_name`, `name = each.key`), the value that produced it (the tfvars value, the variable's default,
 * the module caller's argument, the `for_each` map key), which is what one edits to rename it.
 */
function definitionPlace(e: EnvEntity, env: EnvIndex): Place {
  return { file: e.nameOrigin?.file ?? e.file, span: e.nameOrigin?.span ?? e.nameSpan, env: env.env };
}

/** The aliases a KeyAlias names in one environment: in the keystore its KeyStore resolves to, else in any keystore. */
function aliasesIn(env: EnvIndex, at: NameAt): AliasDef[] {
  const keystore = at.keyStore === undefined ? undefined : keystoreNameOf(resolveStore(env, at.keyStore));
  if (keystore !== undefined) return aliasesOf(env, keystore).get(at.name) ?? [];
  return [...env.aliases.values()].flatMap((aliases) => aliases.get(at.name) ?? []);
}

function propertyPlace(ws: Workspace, path: string, env: EnvIndex | undefined, set: string, key: string): Place | undefined {
  const proxy = ws.proxyPropertySet(path, set);
  const found = proxy ?? (env === undefined ? undefined : ws.envPropertySet(env, set)?.set);
  const entry = found?.entries.get(key);
  if (found === undefined || entry === undefined) return undefined;
  return { file: found.file, span: entry.keySpan, ...(proxy === undefined && env !== undefined ? { env: env.env } : {}) };
}

function dedupePlaces(places: Place[]): Place[] {
  const seen = new Map<string, Place>();
  for (const p of places) {
    const key = `${p.file}\u0000${p.span.start}`;
    if (!seen.has(key)) seen.set(key, p);
  }
  return [...seen.values()];
}

// ------------------------------------------------------------------------------------------- references

/**
 * Every use of the name in its project: `<Server name>` for a TargetServer; `ref://r` for a reference; for a
 * keystore, its direct uses, the references that point at it and their uses; KeyAlias values for an alias.
 * TargetServers' sSLInfo count as uses in their own environment.
 */
export function usesOf(ws: Workspace, at: NameAt): Place[] {
  const projects = new Set(at.envs.map((e) => e.project));
  const envNames = new Set(at.envs.map((e) => e.env));
  const out: Place[] = [];
  const storeValues = new Set<string>();
  if (at.kind === 'reference') storeValues.add(REF + at.name);
  if (at.kind === 'keystore') {
    storeValues.add(at.name);
    for (const env of ws.allEnvironments()) {
      if (!projects.has(env.project) || !envNames.has(env.env)) continue;
      for (const [name, refs] of env.references) {
        for (const ref of refs) {
          if (ref.refers?.value.trim() !== at.name) continue;
          storeValues.add(REF + name);
          out.push({ file: ref.file, span: ref.refers.span, env: env.env });
        }
      }
      for (const aliases of env.aliases.get(at.name)?.values() ?? [])
        for (const alias of aliases)
          if (alias.keystore !== undefined) out.push({ file: alias.file, span: alias.keystore.span, env: env.env });
    }
  }
  for (const project of projects) {
    for (const use of ws.uses(project)) {
      const value = use.value.trim();
      const match =
        (at.kind === 'targetServer' && use.kind === 'server' && value === at.name) ||
        (at.kind === 'virtualHost' && use.kind === 'virtualHost' && value === at.name) ||
        (use.kind === 'store' && storeValues.has(value)) ||
        (at.kind === 'alias' && use.kind === 'keyAlias' && value === at.name) ||
        (at.kind === 'property' && use.kind === 'property' && use.set === at.set && use.key === at.key);
      if (match) out.push({ file: use.file, span: use.span });
    }
  }
  for (const env of ws.allEnvironments()) {
    if (!projects.has(env.project) || !envNames.has(env.env)) continue;
    for (const s of sslOwners(env)) {
      for (const store of [s.keyStore, s.trustStore])
        if (store !== undefined && storeValues.has(store.value.trim())) out.push({ file: s.file, span: store.span, env: env.env });
      if (at.kind === 'alias' && s.keyAlias?.value.trim() === at.name) out.push({ file: s.file, span: s.keyAlias.span, env: env.env });
    }
  }
  return dedupePlaces(out);
}

// -------------------------------------------------------------------------------------------- resolution

/** One environment's answer for the name, in lines of Markdown. */
export interface Resolution {
  env: string;
  lines: string[];
}

const MAX_ENVS_SHOWN = 20;

/** How the name resolves in each of its environments (at most 20 shown). */
export function resolutionsOf(ws: Workspace, path: string, at: NameAt, now = new Date()): Resolution[] {
  return at.envs.slice(0, MAX_ENVS_SHOWN).map((env) => ({ env: env.env, lines: resolveIn(ws, path, env, at, now) }));
}

function resolveIn(ws: Workspace, path: string, env: EnvIndex, at: NameAt, now: Date): string[] {
  switch (at.kind) {
    case 'virtualHost':
      return virtualHostLines(ws, env, at.name, now);
    case 'targetServer': {
      const server = env.targetServers.get(at.name)?.[0];
      if (server === undefined) return [`TargetServer \`${at.name}\` is not defined`];
      const tls =
        server.tls === true ? 'TLS' : server.tls === false ? 'no TLS' : server.tls === 'template' ? 'TLS templated' : 'no sSLInfo';
      const lines = [`TargetServer \`${at.name}\` → \`${server.host?.value ?? '?'}:${server.port?.value ?? '?'}\`, ${tls}`];
      for (const [slot, store] of [
        ['TrustStore', server.trustStore],
        ['KeyStore', server.keyStore],
      ] as const)
        if (store !== undefined && store.value.trim() !== '') lines.push(`${slot}: ${storeChain(ws, env, store.value, now)}`);
      for (const def of env.targetServers.get(at.name)!) lines.push(definedAt(ws, env, def));
      return lines;
    }
    case 'reference':
      return [storeChain(ws, env, REF + at.name, now)];
    case 'keystore':
      return [storeChain(ws, env, at.name, now)];
    case 'alias': {
      const aliases = aliasesIn(env, at);
      if (aliases.length === 0) return [`alias \`${at.name}\` is not defined`];
      return aliases.map((a) => `alias \`${a.name}\` in keystore \`${a.keystore?.value ?? '?'}\`${aliasTail(ws, env, a, now)}`);
    }
    case 'property': {
      const value = propertyValue(ws, path, env, at.set!, at.key!);
      return [value === undefined ? `\`${at.name}\` is not defined` : `\`${at.name}\` = \`${value}\``];
    }
  }
}

/** `defined in \`terraform/main.tf:12\` (Terraform: for_each key "a"; port from prod.tfvars)`: the file and line of the name. */
function definedAt(ws: Workspace, env: EnvIndex, def: EnvEntity): string {
  const text = ws.facts(def.file)?.text;
  // A Terraform resource is where its block starts (its name may come from a variable's default or a tfvars file).
  const line = text === undefined ? undefined : lineOf(text, (def.labelSpan ?? def.nameSpan).start);
  const name = relative(env.project, def.file).replace(/\\/g, '/');
  const where = `\`${line === undefined ? name : `${name}:${line}`}\``;
  const how = def.source === 'terraform' ? ['Terraform', ...(def.provenance === undefined ? [] : [def.provenance])].join(': ') : undefined;
  return `defined in ${where}${how === undefined ? '' : ` (${how})`}`;
}

function lineOf(text: string, offset: number): number {
  let line = 1;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++;
  return line;
}

/** `ref://r → keystore ks → alias a: CN=…, issued by …, expires …`. */
function storeChain(ws: Workspace, env: EnvIndex, value: string, now: Date): string {
  const r = resolveStore(env, value);
  if (r.kind === 'symbolic') return `\`${value.trim()}\` (decided at build or run time)`;
  if (r.kind === 'empty') return 'empty';
  const parts: string[] = [];
  if (r.kind === 'reference') {
    if (r.reference === undefined) return `\`${REF}${r.name}\`: no such reference`;
    parts.push(`\`${REF}${r.name}\``);
  }
  const keystore = keystoreNameOf(r);
  if (keystore === undefined) return `${parts.join(' → ')} → no keystore`;
  const known = env.keystores.has(keystore) || env.aliases.has(keystore);
  parts.push(`keystore \`${keystore}\`${known ? '' : ' (not defined)'}`);
  const aliases = [...aliasesOf(env, keystore).values()].flat();
  const head = parts.join(' → ');
  if (aliases.length === 0) return head;
  return [head, ...aliases.map((a) => `  - alias \`${a.name}\`${aliasTail(ws, env, a, now)}`)].join('\n');
}

function virtualHostLines(ws: Workspace, env: EnvIndex, name: string, now: Date): string[] {
  const vh = env.virtualHosts.get(name)?.[0];
  if (vh === undefined) {
    const builtIn = BUILT_IN_VIRTUAL_HOSTS[name];
    return [builtIn === undefined ? `virtual host \`${name}\` is not defined` : `not defined here; ${builtIn}`];
  }
  const aliases = vh.hostAliases.map((a) => `\`${a.value}\``).join(', ') || 'no host alias';
  const tls = !servesTls(vh) ? 'plain HTTP' : isTwoWay(vh) ? 'two-way TLS (client certificates)' : 'one-way TLS';
  const lines = [`Virtual host \`${name}\` → ${aliases}, port ${vh.port?.value ?? '?'}, ${tls}`];
  if (isOn(vh.freeTrialCert)) lines.push("certificate: Apigee's built-in `*.apigee.net` free trial certificate");
  for (const [slot, store] of [
    ['KeyStore', vh.keyStore],
    ['TrustStore', vh.trustStore],
  ] as const)
    if (store !== undefined && store.value.trim() !== '')
      lines.push(
        `${slot}${slot === 'KeyStore' && vh.keyAlias !== undefined ? ` (alias \`${vh.keyAlias.value}\`)` : ''}: ${storeChain(ws, env, store.value, now)}`,
      );
  for (const key of ['ssl_protocols', 'ssl_ciphers']) {
    const value = vh.properties.get(key);
    if (value !== undefined) lines.push(`${key}: \`${value.value}\``);
  }
  return lines;
}

function aliasTail(ws: Workspace, env: EnvIndex, alias: AliasDef, now: Date): string {
  const m = aliasMaterial(ws, env, alias);
  if (m.generated) return ': self-signed, generated by Apigee';
  if (m.cert === undefined) return m.archive === undefined ? '' : `: archive \`${m.archive.located.value}\``;
  if (!m.cert.read.ok) return `: \`${m.cert.located.value}\` ${describeFailure(m.cert.read.reason)}`;
  const parsed = m.cert.parsed;
  if (parsed === undefined || !parsed.ok) return `: \`${m.cert.located.value}\` is not a readable certificate`;
  return parsed.certificates.map((c) => `: ${describeCertificate(c, now)}`).join('; ');
}

function describeCertificate(c: CertificateInfo, now: Date): string {
  const expiry = c.notAfter.toISOString().slice(0, 10);
  const state = c.notAfter < now ? `**expired** ${expiry}` : `expires ${expiry}`;
  return `${c.subject}, issued by ${c.issuer}, ${state}`;
}

// -------------------------------------------------------------------------------------------- completion

export type CompletionSlot = 'server' | 'store' | 'keyAlias' | 'virtualHost';

/** What kind of name the text before `offset` is typing: a `<Server name="`, a store element, a KeyAlias. */
export function completionSlot(text: string, offset: number): { slot: CompletionSlot; start: number } | undefined {
  const before = text.slice(Math.max(0, offset - 300), offset);
  const server = /<Server\b[^<>]*\bname\s*=\s*["']([^"'<>]*)$/.exec(before);
  if (server !== null) return { slot: 'server', start: offset - server[1]!.length };
  const element = /<(TrustStore|KeyStore|KeyAlias|VirtualHost)>\s*([^<>\s]*)$/.exec(before);
  if (element === null) return undefined;
  const slot = element[1] === 'KeyAlias' ? 'keyAlias' : element[1] === 'VirtualHost' ? 'virtualHost' : 'store';
  return { slot, start: offset - element[2]!.length };
}

export interface NameCandidate {
  /** The text to insert (`ref://name` for references). */
  insert: string;
  kind: NameKind;
  /** The environments defining it (empty for Edge Cloud's built-in virtual hosts). */
  envs: string[];
}

/** The names defined in the file's environments (all environments when the file has none) for a slot. */
export function nameCandidates(ws: Workspace, path: string, slot: CompletionSlot): NameCandidate[] {
  const own = ws.environmentsOf(path);
  const envs = own.length > 0 ? own : ws.allEnvironments();
  const out = new Map<string, NameCandidate>();
  const add = (insert: string, kind: NameKind, env: string): void => {
    const key = `${kind}\u0000${insert}`;
    const entry = out.get(key);
    if (entry === undefined) out.set(key, { insert, kind, envs: [env] });
    else if (!entry.envs.includes(env)) entry.envs.push(env);
  };
  for (const env of envs) {
    if (slot === 'server') for (const name of env.targetServers.keys()) add(name, 'targetServer', env.env);
    if (slot === 'store') {
      for (const name of env.references.keys()) add(REF + name, 'reference', env.env);
      for (const name of env.keystores.keys()) add(name, 'keystore', env.env);
    }
    if (slot === 'keyAlias') for (const aliases of env.aliases.values()) for (const name of aliases.keys()) add(name, 'alias', env.env);
    if (slot === 'virtualHost') for (const name of env.virtualHosts.keys()) add(name, 'virtualHost', env.env);
  }
  if (slot === 'virtualHost')
    for (const name of Object.keys(BUILT_IN_VIRTUAL_HOSTS))
      if (!out.has(`virtualHost\u0000${name}`)) out.set(`virtualHost\u0000${name}`, { insert: name, kind: 'virtualHost', envs: [] });
  return [...out.values()].sort((a, b) => (a.insert < b.insert ? -1 : a.insert > b.insert ? 1 : 0));
}
