// Northbound TLS on Apigee X lives in the Google Cloud load balancer, kept in the same Terraform as the environments:
// the environment groups and their hostnames, the target HTTPS proxies (their SSL policy, certificates, certificate
// map and mTLS server policy), SSL policies, managed and self-managed certificates, Certificate Manager certificates
// and map entries. Read per module instance with the values the model knows; a value only `terraform plan` knows
// (a module output, a data source, a literal self-link to a policy defined elsewhere) stays symbolic, never guessed.
import type { HclBlock, HclExpr } from '../../documents/hcl/hcl-document';
import type { Span } from '../../documents/xml/types';
import type { Located } from '../model';
import { evaluate, type Resource, type Scope, type TfValue } from './evaluate';
import type { Instance } from './instances';
import { pemSource } from './pem-value';
import { landingOf, type Landing } from './landing';

/** Where a resource is written: its file, whole block, and header (`resource "type" "name"`), with its address. */
export interface NbBase {
  /** `google_compute_ssl_policy.strict` (with `["key"]` for a `for_each` instance). */
  address: string;
  /** The resource's `type.name`, what references name. */
  resource: string;
  file: string;
  span: Span;
  headerSpan: Span;
  /** The tfvars file or `for_each` key that gave the values, said in messages. */
  provenance?: string;
  /**
   * The tfvars files (one per environment) whose run reads this object, when not all of them do: objects link only
   * to objects of the same run (prod's proxy to prod's SSL policy, never dev's).
   */
  variants?: string[];
}

/**
 * A value: written (with its range), absent, null, or known only at plan time (with the expression's range). `file`:
 * the caller's file when a module call passed the value (the range is the caller's argument), else the object's.
 */
export type NbField<T> =
  | { state: 'value'; value: T; span: Span; file?: string }
  | { state: 'absent' }
  /** `via`: where the null came from (`the default of var.ssl_policy in variables.tf`). */
  | { state: 'null'; span: Span; via?: string; file?: string }
  | { state: 'unknown'; span: Span };

/** A reference to another resource of the module (`google_compute_ssl_policy.x.id`), or to something outside it. */
export type NbRef = { kind: 'resource'; resource: string; span: Span } | { kind: 'outside'; span: Span };

/**
 * A list item: its range in the resource's file (the item, or the reference that brought it), and where it is
 * written when that is another file (a tfvars entry, a variable's default, a caller's argument).
 */
export interface WrittenItem extends Located {
  written?: { file: string; span: Span };
}

export interface EnvGroup extends NbBase {
  kind: 'envgroup';
  name: Located | undefined;
  /** undefined: decided at plan time. */
  hostnames: WrittenItem[] | undefined;
}

export interface EnvGroupAttachment extends NbBase {
  kind: 'attachment';
  /** The environment group resource attached to (`google_apigee_envgroup.x.id`). */
  group: string | undefined;
  environment: string | undefined;
}

export interface SslPolicy extends NbBase {
  kind: 'ssl-policy';
  name: Located | undefined;
  profile: NbField<string>;
  minTlsVersion: NbField<string>;
  customFeatures: NbField<Located[]>;
  /** Just after the block's `{`: where a missing attribute is inserted. */
  bodyStart: number;
  /** The indentation of the block's attributes. */
  indent: string;
}

export interface HttpsProxy extends NbBase {
  kind: 'https-proxy';
  regional: boolean;
  sslPolicy: NbField<NbRef>;
  /** `ssl_certificates`, `certificate_manager_certificates`: each a reference (or something outside); undefined when unknown. */
  certificates: NbField<NbRef[]>;
  certificateMap: NbField<NbRef>;
  serverTlsPolicy: NbField<NbRef>;
}

export interface LbCertificate extends NbBase {
  kind: 'certificate';
  /** Managed certificates' domains (undefined: none written, or decided at plan time). */
  domains: Located[] | undefined;
  /** A self-managed certificate's PEM from `file("…")` (absolute path) or inline (heredoc). */
  pem: { path?: string; text?: string; span: Span } | undefined;
}

export interface CertMapEntry extends NbBase {
  kind: 'map-entry';
  map: string | undefined;
  hostname: Located | undefined;
  /** `matcher = "PRIMARY"`: served to any hostname no other entry matches. */
  primary: boolean;
  certificates: NbRef[] | undefined;
}

export interface ServerTlsPolicy extends NbBase {
  kind: 'server-tls-policy';
  /** `mtls_policy.client_validation_mode`; absent when there is no `mtls_policy` block. */
  mode: NbField<string>;
  trustConfig: NbField<string>;
  mtlsSpan: Span | undefined;
}

export type NorthboundObject = EnvGroup | EnvGroupAttachment | SslPolicy | HttpsProxy | LbCertificate | CertMapEntry | ServerTlsPolicy;

export const NORTHBOUND_TYPES = new Set([
  'google_apigee_envgroup',
  'google_apigee_envgroup_attachment',
  'google_compute_ssl_policy',
  'google_compute_region_ssl_policy',
  'google_compute_target_https_proxy',
  'google_compute_region_target_https_proxy',
  'google_compute_managed_ssl_certificate',
  'google_compute_ssl_certificate',
  'google_compute_region_ssl_certificate',
  'google_certificate_manager_certificate',
  'google_certificate_manager_certificate_map_entry',
  'google_network_security_server_tls_policy',
]);

/** One resource instance's northbound object, or undefined for another type. */
export function readNorthbound(
  resource: Resource & { block: HclBlock },
  instance: Instance,
  fileText: string,
): NorthboundObject | undefined {
  const { type, name, file, block } = resource;
  const { scope, provenance } = instance;
  const read = new NbReader(block, file, scope);
  const lastLabel = block.labels.at(-1)?.span.end ?? block.typeSpan.end;
  const prefix = scope.prefix ?? '';
  const base: NbBase = {
    address: `${prefix}${type}.${name}${instance.index}`,
    resource: `${prefix}${type}.${name}`,
    file,
    span: block.span,
    headerSpan: { start: block.span.start, end: fileText[lastLabel] === '"' ? lastLabel + 1 : lastLabel },
    ...(provenance === undefined ? {} : { provenance }),
  };
  switch (type) {
    case 'google_apigee_envgroup':
      return { kind: 'envgroup', ...base, name: read.located('name'), hostnames: read.strings('hostnames') };
    case 'google_apigee_envgroup_attachment':
      return { kind: 'attachment', ...base, group: read.resourceOf('envgroup_id'), environment: read.located('environment')?.value };
    case 'google_compute_ssl_policy':
    case 'google_compute_region_ssl_policy': {
      const first = block.body.attributes[0];
      const open = fileText.indexOf('{', base.headerSpan.end);
      return {
        kind: 'ssl-policy',
        ...base,
        name: read.located('name'),
        profile: scalarField(read.field('profile')),
        minTlsVersion: scalarField(read.field('min_tls_version')),
        customFeatures: listField(read.field('custom_features')),
        bodyStart: open + 1,
        indent: first === undefined ? '  ' : /[ \t]*$/.exec(fileText.slice(0, first.span.start))![0],
      };
    }
    case 'google_compute_target_https_proxy':
    case 'google_compute_region_target_https_proxy': {
      const certs = [read.refs('ssl_certificates'), read.refs('certificate_manager_certificates')];
      const known = certs.filter((c) => c.state !== 'absent');
      return {
        kind: 'https-proxy',
        ...base,
        regional: type.includes('_region_'),
        sslPolicy: read.ref('ssl_policy'),
        certificates:
          known.length === 0
            ? { state: 'absent' }
            : (known.find((c) => c.state === 'unknown') ??
              ({ state: 'value', value: known.flatMap((c) => (c.state === 'value' ? c.value : [])), span: base.headerSpan } as const)),
        certificateMap: read.ref('certificate_map'),
        serverTlsPolicy: read.ref('server_tls_policy'),
      };
    }
    case 'google_compute_managed_ssl_certificate':
    case 'google_certificate_manager_certificate': {
      const managed = block.body.blocks.find((b) => b.type === 'managed');
      const self = block.body.blocks.find((b) => b.type === 'self_managed');
      const domains = managed === undefined ? undefined : new NbReader(managed, file, scope).strings('domains');
      const pem = self === undefined ? undefined : new NbReader(self, file, scope).pem('pem_certificate');
      return { kind: 'certificate', ...base, domains, pem };
    }
    case 'google_compute_ssl_certificate':
    case 'google_compute_region_ssl_certificate':
      return { kind: 'certificate', ...base, domains: undefined, pem: read.pem('certificate') };
    case 'google_certificate_manager_certificate_map_entry': {
      const certs = read.refs('certificates');
      return {
        kind: 'map-entry',
        ...base,
        map: read.resourceOf('map'),
        hostname: read.located('hostname'),
        primary: read.located('matcher')?.value === 'PRIMARY',
        certificates: certs.state === 'value' ? certs.value : undefined,
      };
    }
    case 'google_network_security_server_tls_policy': {
      const mtls = block.body.blocks.find((b) => b.type === 'mtls_policy');
      const inner = mtls === undefined ? undefined : new NbReader(mtls, file, scope);
      return {
        kind: 'server-tls-policy',
        ...base,
        mode: scalarField(inner?.field('client_validation_mode')),
        trustConfig: scalarField(inner?.field('client_validation_trust_config')),
        mtlsSpan: mtls?.typeSpan,
      };
    }
    default:
      return undefined;
  }
}

type Raw = { value: TfValue; expr: HclExpr; here: (v: TfValue) => Landing } | undefined;

function scalarField(raw: Raw): NbField<string> {
  if (raw === undefined) return { state: 'absent' };
  const { value, here } = raw;
  if (value.kind === 'null') return { state: 'null', ...here(value) };
  if (value.kind === 'string' || value.kind === 'number' || value.kind === 'bool')
    return { state: 'value', value: String(value.value), ...here(value) };
  return { state: 'unknown', span: raw.expr.span };
}

function listField(raw: Raw): NbField<WrittenItem[]> {
  if (raw === undefined) return { state: 'absent' };
  const { value, here } = raw;
  if (value.kind === 'null') return { state: 'null', ...here(value) };
  if (value.kind !== 'list' || value.items.some((i) => i.kind !== 'string')) return { state: 'unknown', span: raw.expr.span };
  const list = here(value);
  // Items land in the list's file: an item written elsewhere lands at the list, and says where it is written.
  const item = (i: TfValue): WrittenItem => {
    const at = here(i);
    const span = at.file === list.file ? at.span : list.span;
    return {
      value: i.kind === 'string' ? i.value : '',
      span,
      ...(at.file === undefined ? {} : { written: { file: at.file, span: at.span } }),
    };
  };
  return { state: 'value', value: value.items.map(item), ...list };
}

class NbReader {
  constructor(
    private readonly block: HclBlock,
    private readonly file: string,
    private readonly scope: Scope,
  ) {}

  private attr(name: string): HclExpr | undefined {
    return this.block.body.attributes.find((a) => a.name === name)?.value;
  }

  /** The attribute evaluated, with the range a value has in this file (the expression's when it came from elsewhere). */
  field(name: string): Raw {
    const expr = this.attr(name);
    if (expr === undefined) return undefined;
    const value = evaluate(expr, this.file, this.scope);
    return { value, expr, here: (v) => this.landing(v, expr.span) };
  }

  /** Where the value is written (here, the caller's argument, a tfvars entry, a default), else at `exprSpan`. */
  private landing(v: TfValue, exprSpan: Span): Landing {
    return landingOf(v, this.file, exprSpan);
  }

  located(name: string): Located | undefined {
    const raw = this.field(name);
    const f = scalarField(raw);
    if (f.state !== 'value') return undefined;
    return { value: f.value, span: f.file === undefined ? f.span : raw!.expr.span };
  }

  /** The items at their range in this file (the reference, for a list from elsewhere), each saying where it is written. */
  strings(name: string): WrittenItem[] | undefined {
    const raw = this.field(name);
    const f = listField(raw);
    if (f.state !== 'value') return undefined;
    return f.file === undefined ? f.value : f.value.map((l) => ({ ...l, span: raw!.expr.span }));
  }

  /** `google_apigee_envgroup.x.id` → `google_apigee_envgroup.x` when that resource is in the module. */
  resourceOf(name: string): string | undefined {
    const expr = this.attr(name);
    const ref = expr === undefined ? undefined : refOf(expr, this.scope);
    return ref?.kind === 'resource' ? ref.resource : undefined;
  }

  ref(name: string): NbField<NbRef> {
    const expr = this.attr(name);
    if (expr === undefined) return { state: 'absent' };
    const direct = refOf(expr, this.scope);
    if (direct !== undefined) return { state: 'value', value: direct, span: expr.span };
    const value = evaluate(expr, this.file, this.scope);
    if (value.kind === 'null')
      return { state: 'null', ...this.landing(value, expr.span), ...(value.origin.via === undefined ? {} : { via: value.origin.via }) };
    if (value.kind === 'string') return { state: 'value', value: { kind: 'outside', span: expr.span }, span: expr.span };
    // A module input naming a resource of the caller (`google_compute_ssl_policy.p.id`).
    if (value.kind === 'unknown' && value.ref !== undefined)
      return { state: 'value', value: { kind: 'resource', resource: value.ref, span: expr.span }, span: expr.span };
    return { state: 'unknown', span: expr.span };
  }

  refs(name: string): NbField<NbRef[]> {
    const expr = this.attr(name);
    if (expr === undefined) return { state: 'absent' };
    if (expr.kind === 'tuple') {
      const items = expr.items.map((item) => refOf(item, this.scope) ?? outsideOrUnknown(item, this.file, this.scope));
      if (items.some((i) => i === undefined)) return { state: 'unknown', span: expr.span };
      return { state: 'value', value: items as NbRef[], span: expr.span };
    }
    const value = evaluate(expr, this.file, this.scope);
    if (value.kind === 'null') return { state: 'null', span: expr.span };
    // A list passed by a module call: each item a self link (outside) or a resource of the caller.
    const items =
      value.kind === 'list'
        ? value.items.map((i): NbRef | undefined =>
            i.kind === 'string'
              ? { kind: 'outside', span: expr.span }
              : i.kind === 'unknown' && i.ref !== undefined
                ? { kind: 'resource', resource: i.ref, span: expr.span }
                : undefined,
          )
        : [undefined];
    if (items.every((i) => i !== undefined)) return { state: 'value', value: items as NbRef[], span: expr.span };
    return { state: 'unknown', span: expr.span };
  }

  /** A PEM certificate: `file("…")` relative to the module, or written inline (a heredoc). */
  pem(name: string): LbCertificate['pem'] {
    const expr = this.attr(name);
    const source = expr === undefined ? undefined : pemSource(expr, this.file, this.scope);
    if (source === undefined) return undefined;
    return source.kind === 'file' ? { path: source.path, span: source.span } : { text: source.text, span: source.span };
  }
}

/**
 * A reference to a resource of the module: `type.name` or `type.name.attr` (`.id`, `.self_link`, `.name`), also
 * inside a string (`"//certificatemanager.googleapis.com/${google_certificate_manager_certificate_map.m.id}"`).
 */
function refOf(expr: HclExpr, scope: Scope): NbRef | undefined {
  if (expr.kind === 'string') {
    const inner = expr.parts.filter((p) => p.kind === 'interpolation');
    const ref = inner.length === 1 && inner[0]!.kind === 'interpolation' ? refOf(inner[0]!.expr, scope) : undefined;
    return ref === undefined ? undefined : { ...ref, span: expr.span };
  }
  if (expr.kind !== 'traversal') return undefined;
  const name = expr.steps[0]?.kind === 'attr' ? expr.steps[0].name : undefined;
  if (name === undefined || !scope.resources.has(`${expr.root}.${name}`)) return undefined;
  return { kind: 'resource', resource: `${scope.prefix ?? ''}${expr.root}.${name}`, span: expr.span };
}

function outsideOrUnknown(expr: HclExpr, file: string, scope: Scope): NbRef | undefined {
  const value = evaluate(expr, file, scope);
  if (value.kind === 'unknown' && value.ref !== undefined) return { kind: 'resource', resource: value.ref, span: expr.span };
  return value.kind === 'string' ? { kind: 'outside', span: expr.span } : undefined;
}
