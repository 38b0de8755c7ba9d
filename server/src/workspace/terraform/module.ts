// A Terraform module (the `*.tf` / `*.tf.json` files of one folder) read into environment entities: its variables'
// values (defaults, `terraform.tfvars` and `*.auto.tfvars`, then each other `*.tfvars` as one variant: a tfvars
// file per environment is a common layout), locals, and the Apigee resources, `for_each` over literal maps and
// sets expanded. What only `terraform plan` knows stays unknown and is never guessed.
import { basename, dirname, join } from 'node:path';
import type { HclAttribute, HclBlock, HclBody, HclFile } from '../../documents/hcl/hcl-document';
import type { Span } from '../../documents/xml/types';
import type { AliasDef, EnvEntity, InlineMaterial, KeystoreDef, Located, ReferenceDef, TargetServerDef } from '../model';
import { terraformConnection, type TlsBlock, type TlsField } from './connection';
import { childInstances, localSource, MAX_MODULE_DEPTH, MAX_MODULE_INSTANCES, type ModuleCall } from './calls';
import { evaluate, type Resource, type Scope, type TfValue } from './evaluate';
import { instancesOf } from './instances';
import { inlineName, pemSource, type PemSource } from './pem-value';
import { flowOf, landingOf, type ElsewhereSpan, type Landing } from './landing';
import { NORTHBOUND_TYPES, readNorthbound, type NorthboundObject } from './northbound';

export interface TerraformFile {
  path: string;
  hcl: HclFile;
  kind: 'tf' | 'tfvars';
}

/** An environment a module defines (`google_apigee_environment`), where its name is written. */
export interface TerraformEnv {
  env: string;
  file: string;
}

export interface ModuleResult {
  entities: EnvEntity[];
  envs: TerraformEnv[];
  /** The load balancer and environment group objects (northbound TLS on Apigee X). */
  northbound: NorthboundObject[];
}

/** Resource types whose instances become environment entities. */
const READ_TYPES = new Set([
  'google_apigee_target_server',
  'apigee_target_server',
  'google_apigee_env_keystore',
  'google_apigee_keystores_aliases_key_cert_file',
  'google_apigee_keystores_aliases_pkcs12',
  'google_apigee_keystores_aliases_self_signed_cert',
  'google_apigee_env_references',
  'google_apigee_environment',
]);

/** The `.tf` files of every module folder of the workspace, for the local calls to resolve against. */
export type ModuleTree = ReadonlyMap<string, readonly TerraformFile[]>;

/** A module folder's declarations, read once however many instances it has. */
interface Declarations {
  dir: string;
  defaults: Map<string, TfValue>;
  locals: Map<string, { expr: HclAttribute['value']; file: string }>;
  resources: Map<string, Resource & { block: HclBlock }>;
  calls: ModuleCall[];
  texts: Map<string, string>;
}

function declare(dir: string, tf: readonly TerraformFile[], readText: (path: string) => string | undefined): Declarations {
  const decl: Declarations = { dir, defaults: new Map(), locals: new Map(), resources: new Map(), calls: [], texts: new Map() };
  const base: Scope = { dir, vars: decl.defaults, locals: decl.locals, resources: decl.resources, iterators: new Map(), readText };
  for (const file of tf) {
    decl.texts.set(file.path, file.hcl.text);
    for (const block of file.hcl.body.blocks) {
      const label = block.labels[0]?.value;
      if (block.type === 'variable' && block.labels.length === 1) {
        const d = block.body.attributes.find((a) => a.name === 'default');
        if (d !== undefined)
          decl.defaults.set(label!, withVia(evaluate(d.value, file.path, base), `the default of var.${label!} in ${basename(file.path)}`));
      } else if (block.type === 'locals')
        for (const a of block.body.attributes) decl.locals.set(a.name, { expr: a.value, file: file.path });
      else if (block.type === 'resource' && block.labels.length === 2) {
        const [type, name] = [label!, block.labels[1]!.value];
        const attributes = new Map(block.body.attributes.map((a) => [a.name, { expr: a.value }]));
        decl.resources.set(`${type}.${name}`, { type, name, file: file.path, attributes, block });
      } else if (block.type === 'module' && block.labels.length === 1) decl.calls.push({ block, file: file.path });
    }
  }
  return decl;
}

/** Reads one module: `tf` files of one folder, `tfvars` files of it (and of its folders holding no `.tf`), and the local modules it calls. */
export function readModule(
  dir: string,
  files: readonly TerraformFile[],
  readText: (path: string) => string | undefined,
  tree: ModuleTree = new Map(),
): ModuleResult {
  const decl = declare(
    dir,
    files.filter((f) => f.kind === 'tf'),
    readText,
  );
  const base: Scope = { dir, vars: decl.defaults, locals: decl.locals, resources: decl.resources, iterators: new Map(), readText };
  const vars = files.filter((f) => f.kind === 'tfvars').sort((a, b) => (a.path < b.path ? -1 : 1));
  const automatic = vars.filter((f) => /^terraform\.tfvars(\.json)?$|\.auto\.tfvars(\.json)?$/.test(basename(f.path)));
  const named = vars.filter((f) => !automatic.includes(f));
  const layered = (extra: TerraformFile[]): Map<string, TfValue> => {
    const values = new Map(decl.defaults);
    for (const file of [...automatic, ...extra])
      for (const a of file.hcl.body.attributes)
        values.set(a.name, withVia(evaluate(a.value, file.path, base), relativeName(dir, file.path)));
    return values;
  };
  const variants: { values: Map<string, TfValue>; label?: string }[] =
    named.length === 0
      ? [{ values: layered([]) }]
      : named.map((file) => ({ values: layered([file]), label: relativeName(dir, file.path) }));
  const sink: Sink = {
    seen: new Set(),
    out: { entities: [], envs: [], northbound: [] },
    northbound: [],
    declared: new Map([[dir, decl]]),
    tree,
    readText,
    budget: MAX_MODULE_INSTANCES,
  };
  const northbound = new Map<string, { object: NorthboundObject; labels: string[] }>();
  for (const { values, label } of variants) {
    sink.northbound = [];
    readInstance(decl, { ...base, vars: values, prefix: '' }, [dir], sink);
    for (const object of sink.northbound) {
      const key = JSON.stringify(object);
      const entry = northbound.get(key);
      if (entry === undefined) northbound.set(key, { object, labels: label === undefined ? [] : [label] });
      else if (label !== undefined) entry.labels.push(label);
    }
  }
  // An object read alike from every tfvars variant owes nothing to them; else say which files gave it.
  for (const { object, labels } of northbound.values()) {
    const parts = [object.provenance, ...(labels.length === 0 || labels.length === variants.length ? [] : [labels.join(', ')])].filter(
      (p) => p !== undefined,
    );
    const some = labels.length > 0 && labels.length < variants.length ? { variants: labels } : {};
    sink.out.northbound.push(parts.length === 0 ? { ...object, ...some } : { ...object, ...some, provenance: parts.join('; ') });
  }
  return sink.out;
}

interface Sink {
  seen: Set<string>;
  out: ModuleResult;
  /** The northbound objects of the variant being read. */
  northbound: NorthboundObject[];
  declared: Map<string, Declarations>;
  tree: ModuleTree;
  readText: (path: string) => string | undefined;
  /** Module instances still allowed. */
  budget: number;
}

/** One module instance: its resources in `scope`, then the local modules it calls (a folder already being read is a cycle: refused). */
function readInstance(decl: Declarations, scope: Scope, stack: readonly string[], sink: Sink): void {
  for (const resource of decl.resources.values()) {
    const northbound = NORTHBOUND_TYPES.has(resource.type);
    if (!northbound && !READ_TYPES.has(resource.type)) continue;
    for (const instance of instancesOf(resource.attributes, resource.file, scope)) {
      if (northbound) {
        const object = readNorthbound(resource, instance, decl.texts.get(resource.file) ?? '');
        if (object !== undefined) sink.northbound.push(object);
        continue;
      }
      for (const entity of readResource(resource, instance.scope, instance.provenance, decl.texts.get(resource.file) ?? '')) {
        const key = `${entity.kind}\u0000${entity.env}\u0000${entity.name}\u0000${entity.file}\u0000${entity.span.start}`;
        if (sink.seen.has(key)) continue;
        sink.seen.add(key);
        if (entity.kind === 'environment') sink.out.envs.push({ env: entity.env, file: entity.file });
        else sink.out.entities.push(entity);
      }
    }
  }
  if (stack.length > MAX_MODULE_DEPTH) return;
  for (const call of decl.calls) {
    const dir = localSource(call);
    const files = dir === undefined || stack.includes(dir) ? undefined : sink.tree.get(dir);
    if (dir === undefined || files === undefined) continue;
    let child = sink.declared.get(dir);
    if (child === undefined) sink.declared.set(dir, (child = declare(dir, files, sink.readText)));
    for (const instance of childInstances(call, dir, scope)) {
      if (sink.budget-- <= 0) return;
      const childScope: Scope = {
        dir,
        vars: new Map([...child.defaults, ...instance.inputs]),
        locals: child.locals,
        resources: child.resources,
        iterators: new Map(),
        prefix: instance.prefix,
        readText: sink.readText,
      };
      readInstance(child, childScope, [...stack, dir], sink);
    }
  }
}

function relativeName(dir: string, path: string): string {
  return path.startsWith(`${dir}/`) ? path.slice(dir.length + 1) : basename(path);
}

function withVia(value: TfValue, via: string): TfValue {
  return { ...value, origin: { ...value.origin, via: value.origin.via ?? via } } as TfValue;
}

type Partial = EnvEntity | { kind: 'environment'; env: string; name: string; file: string; span: Span };

/** A resource instance's entities, with where their values came from (the instance, the tfvars files) once all are read. */
function readResource(resource: Resource & { block: HclBlock }, scope: Scope, instance: string | undefined, text: string): Partial[] {
  const read = new Reader(resource.block.body, resource.file, scope, text, `${scope.prefix ?? ''}${resource.type}.${resource.name}`);
  const entities = readEntities(resource, read);
  const parts = [...(instance === undefined ? [] : [instance]), ...new Set(read.via)];
  // The entities were made just now for this instance: the provenance is set on them, not on a copy of each.
  if (parts.length > 0) for (const e of entities) if (e.kind !== 'environment') e.provenance = parts.join('; ');
  return entities;
}

function readEntities(resource: Resource & { block: HclBlock }, read: Reader): Partial[] {
  const { block, file } = resource;
  const entityBase = (name: Located, env: string) => {
    const origin = read.origin(name);
    return {
      env,
      name: name.value,
      file,
      source: 'terraform' as const,
      span: block.span,
      nameSpan: name.span,
      ...(origin === undefined ? {} : { nameOrigin: origin }),
      ...(block.labels[1] === undefined ? {} : { labelSpan: block.labels[1].span }),
    };
  };
  switch (resource.type) {
    case 'google_apigee_environment': {
      const name = read.located('name');
      return name === undefined ? [] : [{ kind: 'environment', env: name.value, name: name.value, file, span: block.span }];
    }
    case 'google_apigee_target_server':
    case 'apigee_target_server': {
      const name = read.located('name');
      const env = environmentOf(read);
      if (name === undefined || env === undefined) return [];
      return [targetServer(read, name, entityBase(name, env), resource.type === 'apigee_target_server')];
    }
    case 'google_apigee_env_keystore': {
      const name = read.located('name');
      const env = environmentOf(read);
      return name === undefined || env === undefined ? [] : [{ kind: 'keystore', ...entityBase(name, env) } satisfies KeystoreDef];
    }
    case 'google_apigee_env_references': {
      const name = read.located('name');
      const env = environmentOf(read);
      if (name === undefined || env === undefined) return [];
      return [
        {
          kind: 'reference',
          ...entityBase(name, env),
          refers: read.located('refers'),
          resourceType: read.located('resource_type')?.value,
        } satisfies ReferenceDef,
      ];
    }
    default: {
      // google_apigee_keystores_aliases_*: `environment` is the environment's name.
      const name = read.located('alias');
      const env = read.located('environment')?.value;
      if (name === undefined || env === undefined) return [];
      const format = resource.type.endsWith('_pkcs12')
        ? 'pkcs12'
        : resource.type.endsWith('_self_signed_cert')
          ? 'selfsignedcert'
          : 'keycertfile';
      return [
        {
          kind: 'alias',
          ...entityBase(name, env),
          keystore: read.located('keystore'),
          format,
          certFile: read.filePath('cert'),
          keyFile: read.filePath('key'),
          archive: read.filePath('file') ?? read.pathString('file'),
          certInline: read.inline('cert'),
          keyInline: read.inline('key'),
          password: read.located('password')?.value,
          // Management-API exports are JSON; Terraform names the files it uploads.
          exported: undefined,
        } satisfies AliasDef,
      ];
    }
  }
}

/** The environment of a resource: `env_id` (a resource reference or `organizations/…/environments/NAME`), `environment_name`, `env`. */
function environmentOf(read: Reader): string | undefined {
  const id = read.located('env_id')?.value;
  if (id !== undefined) return /(?:^|\/)environments\/([^/]+)$/.exec(id)?.[1] ?? (id.includes('/') ? undefined : id);
  return read.located('environment_name')?.value ?? read.located('env')?.value ?? read.located('environment')?.value;
}

type EntityFields = Omit<
  TargetServerDef,
  | 'kind'
  | 'host'
  | 'port'
  | 'enabled'
  | 'tls'
  | 'keyStore'
  | 'trustStore'
  | 'keyAlias'
  | 'clientAuth'
  | 'protocols'
  | 'ciphers'
  | 'connection'
  | 'unknownKeys'
>;

function targetServer(read: Reader, name: Located, base: EntityFields, edge: boolean): TargetServerDef {
  const host = read.located('host');
  const portText = read.located('port');
  const port =
    portText === undefined
      ? read.unknownSpan('port')
      : { value: /^\d{1,5}$/.test(portText.value) ? Number(portText.value) : undefined, span: portText.span };
  const tls = read.tlsBlock(edge ? 'ssl_info' : 's_sl_info', edge);
  const enabledField = tls.block?.fields.get('Enabled');
  const enabled = tls.unknown
    ? 'template'
    : enabledField === undefined
      ? undefined
      : enabledField.text === undefined
        ? 'template'
        : booleanOf(enabledField.text);
  const isEnabled = read.value('is_enabled') ?? read.value('enabled');
  const field = (element: string): Located | undefined => {
    const f = tls.block?.fields.get(element);
    return f?.text === undefined ? undefined : { value: f.text, span: f.valueSpan };
  };
  const items = (element: string): string[] =>
    (tls.block?.fields.get(element)?.items ?? []).flatMap((i) => (i.text === undefined ? [] : [i.text]));
  const clientAuth = tls.block?.fields.get('ClientAuthEnabled')?.text;
  return {
    kind: 'targetServer',
    ...base,
    // HCL attribute names are checked by Terraform's provider schema, not by the JSON key rule.
    unknownKeys: [],
    host,
    port,
    enabled:
      isEnabled === undefined
        ? undefined
        : isEnabled.kind === 'unknown'
          ? 'template'
          : templateIfInvalid(booleanOf(String(scalar(isEnabled)))),
    tls: enabled === undefined ? undefined : templateIfInvalid(enabled),
    tlsSetting: tlsSettingOf(read, tls.block, edge),
    keyStore: field('KeyStore'),
    trustStore: field('TrustStore'),
    keyAlias: field('KeyAlias'),
    clientAuth:
      clientAuth === undefined ? undefined : booleanOf(clientAuth) === true ? true : booleanOf(clientAuth) === false ? false : undefined,
    protocols: items('Protocols'),
    ciphers: items('Ciphers'),
    connection: terraformConnection(name.value, base.span, host?.value, host?.span, portText?.value, tls.block),
    ...(read.elsewhere.length === 0 ? {} : { elsewhere: read.elsewhere }),
  };
}

/** scastria/apigee writes `environment_name` and a flat `ssl_enabled`; zambien/apigee `env` and an `ssl_info` block. */
function tlsSettingOf(read: Reader, block: TlsBlock | undefined, edge: boolean): TargetServerDef['tlsSetting'] {
  if (!edge) return 's_sl_info';
  const flat = block === undefined ? read.has('environment_name') || read.has('ssl_enabled') : read.has('ssl_enabled');
  return flat ? 'ssl_enabled' : 'ssl_info';
}

const templateIfInvalid = (v: boolean | 'invalid' | 'template'): boolean | 'template' => (v === 'invalid' ? 'template' : v);

function booleanOf(text: string): boolean | 'invalid' {
  const v = text.trim().toLowerCase();
  return v === 'true' ? true : v === 'false' ? false : 'invalid';
}

function scalar(v: TfValue): string | number | boolean | undefined {
  return v.kind === 'string' || v.kind === 'number' || v.kind === 'bool' ? v.value : undefined;
}

const TLS_ELEMENTS: Readonly<Record<string, string>> = {
  enabled: 'Enabled',
  ssl_enabled: 'Enabled',
  // scastria/apigee's apigee_target_server: flat attributes beside ssl_enabled.
  ssl_keystore: 'KeyStore',
  ssl_keyalias: 'KeyAlias',
  ssl_truststore: 'TrustStore',
  ssl_client_auth_enabled: 'ClientAuthEnabled',
  ssl_ignore_validation_errors: 'IgnoreValidationErrors',
  enforce: 'Enforce',
  client_auth_enabled: 'ClientAuthEnabled',
  key_store: 'KeyStore',
  key_alias: 'KeyAlias',
  trust_store: 'TrustStore',
  ignore_validation_errors: 'IgnoreValidationErrors',
  protocols: 'Protocols',
  ciphers: 'Ciphers',
};

/**
 * The TLS settings scastria/apigee's apigee_target_server writes at the top of the resource (it has no enforce and no
 * ciphers; its common name is an `ssl_common_name` block).
 */
export const FLAT_TLS_ATTRIBUTES: ReadonlySet<string> = new Set([
  'ssl_enabled',
  'ssl_keystore',
  'ssl_keyalias',
  'ssl_truststore',
  'ssl_client_auth_enabled',
  'ssl_ignore_validation_errors',
  'protocols',
]);

/** Reads one resource body's attributes in one scope, keeping ranges in the resource's file. */
class Reader {
  /** Files that gave values (tfvars, defaults in another file). */
  readonly via: string[] = [];
  /** TLS values written in another file, where findings on them land. */
  readonly elsewhere: ElsewhereSpan[] = [];

  constructor(
    private readonly body: HclBody,
    private readonly file: string,
    private readonly scope: Scope,
    /** The resource file's text (to say the expression a value flows through). */
    private readonly text = '',
    /** The resource's address, with its module path. */
    private readonly address = '',
  ) {}

  /** Where a TLS value lands; one written in another file is kept with how it flows here (`via module.x → var.y`). */
  private land(v: TfValue, block: string, attribute: { name: string; value: { span: Span } }): Landing {
    const landing = landingOf(v, this.file, attribute.value.span);
    if (landing.file !== undefined) {
      const expression = this.text.slice(attribute.value.span.start, attribute.value.span.end);
      this.elsewhere.push({
        span: landing.span,
        file: landing.file,
        // A flat provider's attribute (scastria/apigee's ssl_protocols) is named alone (`block` is '').
        flow: `${this.address} ${block === '' ? '' : `${block}.`}${attribute.name}, via ${flowOf(this.scope.prefix, expression)}`,
      });
    }
    return landing;
  }

  value(name: string, body = this.body, scope = this.scope): TfValue | undefined {
    const a = body.attributes.find((x) => x.name === name);
    if (a === undefined) return undefined;
    const v = evaluate(a.value, this.file, scope);
    if (v.origin.via !== undefined && v.origin.file !== this.file) this.via.push(`${name} from ${v.origin.via}`);
    else if (v.origin.file !== this.file) this.via.push(`${name} from ${basename(v.origin.file)}`);
    return v;
  }

  /** Where the values `located` gave were written, when not at their range in this file. */
  private readonly origins = new WeakMap<Located, { file: string; span: Span }>();

  /** A scalar attribute as text, its range in this file (the value's own when written here, else the expression's). */
  located(name: string, body = this.body, scope = this.scope): Located | undefined {
    const a = body.attributes.find((x) => x.name === name);
    const v = this.value(name, body, scope);
    const s = v === undefined ? undefined : scalar(v);
    if (a === undefined || v === undefined || s === undefined) return undefined;
    const located = { value: String(s), span: v.origin.file === this.file ? v.origin.span : a.value.span };
    // A value written elsewhere (a tfvars file, a variable's default in another file, a module caller), or in this
    // file outside the attribute (a `for_each` key, a local): where it was written.
    const inside = v.origin.file === this.file && v.origin.span.start >= a.value.span.start && v.origin.span.end <= a.value.span.end;
    if (!inside) this.origins.set(located, { file: v.origin.file, span: v.origin.span });
    return located;
  }

  /** Where a value `located` gave was written, when that is not inside its own attribute. */
  origin(located: Located): { file: string; span: Span } | undefined {
    return this.origins.get(located);
  }

  has(name: string): boolean {
    return this.body.attributes.some((a) => a.name === name);
  }

  unknownSpan(name: string): { value: undefined; span: Span } | undefined {
    const a = this.body.attributes.find((x) => x.name === name);
    return a === undefined ? undefined : { value: undefined, span: a.value.span };
  }

  /** `file("certs/a.pem")` (relative to the module): the absolute path and the range of the string written. */
  filePath(name: string): Located | undefined {
    const source = this.pem(name);
    return source?.kind === 'file' ? { value: source.path, span: source.span } : undefined;
  }

  /** A path given as a value (the pkcs12 resource's `file = "certs/a.p12"`, or a variable), relative to the module. */
  pathString(name: string): Located | undefined {
    const a = this.body.attributes.find((x) => x.name === name);
    if (a === undefined || a.value.kind === 'call') return undefined;
    const path = evaluate(a.value, this.file, this.scope);
    if (path.kind !== 'string' || path.value.trim() === '' || path.value.includes('-----BEGIN')) return undefined;
    return {
      value: path.value.startsWith('/') ? path.value : join(this.scope.dir, path.value),
      span: path.origin.file === this.file ? path.origin.span : a.value.span,
    };
  }

  /** PEM content written in the configuration (a heredoc, a string, a variable holding one), at the expression. */
  inline(name: string): InlineMaterial | undefined {
    const a = this.body.attributes.find((x) => x.name === name);
    const source = this.pem(name);
    if (a === undefined || source?.kind !== 'inline') return undefined;
    return { located: { value: inlineName(name, a.value), span: source.span }, text: source.text };
  }

  private pem(name: string): PemSource | undefined {
    const a = this.body.attributes.find((x) => x.name === name);
    return a === undefined ? undefined : pemSource(a.value, this.file, this.scope);
  }

  /** The TLS block: a literal block, a `dynamic` one over a literal collection (unknown when its `for_each` is), or Edge's `ssl_enabled`. */
  tlsBlock(type: string, edge: boolean): { block: TlsBlock | undefined; unknown: boolean } {
    const literal = this.body.blocks.find((b) => b.type === type);
    if (literal !== undefined)
      return { block: this.tlsFields(literal.body, literal.span, literal.typeSpan, this.scope, type), unknown: false };
    const dynamic = this.body.blocks.find((b) => b.type === 'dynamic' && b.labels[0]?.value === type);
    if (dynamic !== undefined) {
      const forEach = dynamic.body.attributes.find((a) => a.name === 'for_each');
      const content = dynamic.body.blocks.find((b) => b.type === 'content');
      const collection = forEach === undefined ? undefined : evaluate(forEach.value, this.file, this.scope);
      const items =
        collection?.kind === 'list' ? collection.items : collection?.kind === 'map' ? [...collection.entries.values()] : undefined;
      if (items === undefined || content === undefined) return { block: undefined, unknown: true };
      if (items.length === 0) return { block: undefined, unknown: false };
      const iterator = dynamic.body.attributes.find((a) => a.name === 'iterator');
      const iteratorName = iterator?.value.kind === 'traversal' ? iterator.value.root : type;
      const scope = { ...this.scope, iterators: new Map([...this.scope.iterators, [iteratorName, { key: items[0]!, value: items[0]! }]]) };
      return { block: this.tlsFields(content.body, dynamic.span, dynamic.typeSpan, scope, type), unknown: false };
    }
    if (edge) {
      const flag = this.body.attributes.find((a) => a.name === 'ssl_enabled');
      const flat = this.body.attributes.filter((a) => FLAT_TLS_ATTRIBUTES.has(a.name));
      if (flag !== undefined)
        return {
          block: this.tlsFields(
            { attributes: flat, blocks: this.body.blocks },
            flag.span,
            flag.nameSpan,
            this.scope,
            '',
            'ssl_common_name',
          ),
          unknown: false,
        };
    }
    return { block: undefined, unknown: false };
  }

  private tlsFields(body: HclBody, span: Span, nameSpan: Span, scope: Scope, block: string, commonName = 'common_name'): TlsBlock {
    const fields = new Map<string, TlsField>();
    for (const a of body.attributes) {
      const element = TLS_ELEMENTS[a.name];
      if (element === undefined || fields.has(element)) continue;
      const v = this.value(a.name, body, scope);
      if (v === undefined || v.kind === 'null') continue;
      const here = (x: TfValue): Landing => this.land(x, block, a);
      const s = scalar(v);
      const at = here(v);
      const field: TlsField = {
        span: a.span,
        nameSpan: a.nameSpan,
        valueSpan: at.span,
        ...fileOf(at),
        text: s === undefined ? undefined : String(s),
      };
      if (v.kind === 'list')
        field.items = v.items.map((i) => {
          const item = here(i);
          return { text: scalar(i) === undefined ? undefined : String(scalar(i)), span: item.span, ...fileOf(item) };
        });
      fields.set(element, field);
    }
    const cn = body.blocks.find((b) => b.type === commonName);
    if (cn !== undefined) {
      const value = cn.body.attributes.find((a) => a.name === 'value');
      const v = value === undefined ? undefined : evaluate(value.value, this.file, scope);
      const wildcard = cn.body.attributes.find((a) => a.name === 'wildcard_match');
      const w = wildcard === undefined ? undefined : evaluate(wildcard.value, this.file, scope);
      const s = v === undefined ? undefined : scalar(v);
      const at =
        v === undefined || value === undefined
          ? { span: cn.typeSpan }
          : this.land(v, block === '' ? commonName : `${block}.common_name`, value);
      const wAt =
        w === undefined || wildcard === undefined ? undefined : this.land(w, block === '' ? commonName : `${block}.common_name`, wildcard);
      fields.set('CommonName', {
        span: cn.span,
        nameSpan: cn.typeSpan,
        valueSpan: at.span,
        ...fileOf(at),
        text: v === undefined ? '' : s === undefined ? undefined : String(s),
        ...(wildcard === undefined || w === undefined || wAt === undefined
          ? {}
          : {
              wildcard: {
                text: scalar(w) === undefined ? undefined : String(scalar(w)),
                span: wAt.span,
                nameSpan: wildcard.nameSpan,
                ...fileOf(wAt),
              },
            }),
      });
    }
    return { span, nameSpan, fields };
  }
}

const fileOf = (l: Landing): { file?: string } => (l.file === undefined ? {} : { file: l.file });

/** The folder of a module file. */
export const moduleDir = (path: string): string => dirname(path);
