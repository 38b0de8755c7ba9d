// The JSON report read back (report-json.ts's inverse): a diagnosis made on another machine (the CLI's `probe …
// --format json`, run from the runtime's network) becomes a Diagnosis the editor shows as if probed here. Input
// from elsewhere: every field checked, every string and list bounded; what does not fit is a problem, never a throw.
import { PROFILES, type ProfileChoice } from '../tls/profile';
import { TLS_PROTOCOLS, type TlsProtocol } from '../tls/versions';
import type { Cause, CauseCode } from './causes';
import type { ChainEntry } from './chain';
import type { ClientCertificateDemand, Diagnosis, RuntimeWay } from './types';

/** No real diagnosis has more; a report with more is not one. */
const MAX_CAUSES = 64;
const MAX_CHAIN = 32;
const MAX_TEXT = 8 * 1024;

export class ReportProblem extends Error {}

type Json = Record<string, unknown>;

const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

function object(v: unknown, where: string): Json {
  if (!isObject(v)) throw new ReportProblem(`${where} is not an object`);
  return v;
}

function text(v: unknown, where: string): string {
  if (typeof v !== 'string' || v.length > MAX_TEXT) throw new ReportProblem(`${where} is not a string (of at most ${MAX_TEXT} characters)`);
  return v;
}

function nullable<T>(v: unknown, read: (v: unknown) => T): T | null {
  return v === null || v === undefined ? null : read(v);
}

function list<T>(v: unknown, max: number, where: string, read: (v: unknown, where: string) => T): T[] {
  if (!Array.isArray(v) || v.length > max) throw new ReportProblem(`${where} is not a list (of at most ${max})`);
  return v.map((item, i) => read(item, `${where}[${i}]`));
}

function integer(v: unknown, where: string, min: number, max: number): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max)
    throw new ReportProblem(`${where} is not a number from ${min} to ${max}`);
  return v;
}

function cause(v: unknown, where: string): Cause {
  const c = object(v, where);
  const code = text(c.code, `${where}.code`);
  // A newer CLI may know codes this one does not: shown as given, but only in the shape of a code.
  if (!/^[a-z0-9-]{1,64}$/.test(code)) throw new ReportProblem(`${where}.code is not a cause code`);
  if (c.severity !== 'error' && c.severity !== 'warning') throw new ReportProblem(`${where}.severity is not error or warning`);
  return { code: code as CauseCode, severity: c.severity, message: text(c.message, `${where}.message`), fix: text(c.fix, `${where}.fix`) };
}

function chainEntry(v: unknown, where: string): ChainEntry {
  const c = object(v, where);
  const field = (name: keyof ChainEntry): string => text(c[name], `${where}.${name}`);
  return {
    subject: field('subject'),
    issuer: field('issuer'),
    notBefore: field('notBefore'),
    notAfter: field('notAfter'),
    sha256: field('sha256'),
  };
}

function server(v: unknown): Diagnosis['server'] {
  const s = isObject(v) ? v : {};
  const protocols = isObject(s.protocols) ? s.protocols : {};
  const demand = s.clientCertificate;
  return {
    protocols: Object.fromEntries(TLS_PROTOCOLS.map((p) => [p, protocols[p] === true])) as Record<TlsProtocol, boolean>,
    sniRequired: typeof s.sniRequired === 'boolean' ? s.sniRequired : null,
    clientCertificate: demand === 'none' || demand === 'optional' || demand === 'required' ? (demand as ClientCertificateDemand) : null,
  };
}

export interface ReadDiagnosis {
  diagnosis: Diagnosis;
  judgedAs: ProfileChoice;
}

/** One diagnosis as `diagnosisJson` wrote it. Throws a ReportProblem naming the first field that does not fit. */
export function readDiagnosisJson(value: unknown, where = 'the report'): ReadDiagnosis {
  const d = object(value, where);
  const target = object(d.target, `${where}.target`);
  const judged = object(d.judgedAs, `${where}.judgedAs`);
  const profile = text(judged.profile, `${where}.judgedAs.profile`);
  if (!(PROFILES as readonly string[]).includes(profile))
    throw new ReportProblem(`${where}.judgedAs.profile is not one of ${PROFILES.join(', ')}`);
  if (typeof d.ok !== 'boolean') throw new ReportProblem(`${where}.ok is not true or false`);
  const negotiated = nullable(d.negotiated, (n) => {
    const o = object(n, `${where}.negotiated`);
    return { protocol: text(o.protocol, `${where}.negotiated.protocol`), cipher: text(o.cipher, `${where}.negotiated.cipher`) };
  });
  const proxy = nullable(d.proxy, (p) => text(p, `${where}.proxy`));
  const runtimeWay = nullable(d.runtimeWay ?? null, (w) => readRuntimeWay(w, `${where}.runtimeWay`));
  const diagnosis: Diagnosis = {
    target: {
      host: text(target.host, `${where}.target.host`),
      port: integer(target.port, `${where}.target.port`, 1, 65535),
      sni: nullable(target.sni, (s) => text(s, `${where}.target.sni`)),
    },
    ...(proxy === null ? {} : { proxy }),
    ...(runtimeWay === null ? {} : { runtimeWay }),
    ok: d.ok,
    causes: list(d.causes, MAX_CAUSES, `${where}.causes`, cause),
    negotiated,
    server: server(d.server),
    chain: list(d.chain ?? [], MAX_CHAIN, `${where}.chain`, chainEntry),
    elapsedMs: integer(d.elapsedMs ?? 0, `${where}.elapsedMs`, 0, Number.MAX_SAFE_INTEGER),
    evidence: [],
  };
  return { diagnosis, judgedAs: { profile: profile as ProfileChoice['profile'], why: text(judged.why, `${where}.judgedAs.why`) } };
}

function readRuntimeWay(value: unknown, where: string): RuntimeWay {
  const w = object(value, where);
  if (w.runtime !== 'proxy' && w.runtime !== 'direct') throw new ReportProblem(`${where}.runtime is not proxy or direct`);
  if (typeof w.sameWay !== 'boolean') throw new ReportProblem(`${where}.sameWay is not true or false`);
  return { runtime: w.runtime, proxy: text(w.proxy, `${where}.proxy`), source: text(w.source, `${where}.source`), sameWay: w.sameWay };
}
