// A diagnosis report made elsewhere (the CLI's `probe … --format json`, run from the runtime's network) matched to
// the connections planned here, so that the editor shows it as if it had probed them. A `--bundle` report is a list
// of entries, each naming its file (relative to where the CLI ran), kind, name, environment and TargetServer; a
// single-target report is one diagnosis, shown on every connection here to that host and port.
import { readDiagnosisJson, ReportProblem, type ReadDiagnosis } from '../diagnosis/report-read';
import { resolveKey } from '../tls/host-names';
import type { PlannedProbe } from './plan-workspace';

/** A report larger than this is no report (a bundle entry takes a few kilobytes). */
export const MAX_REPORT_ENTRIES = 10_000;

export interface ReportEntry {
  /** The connection it names (a --bundle report); undefined: a single target, matched by host and port. */
  connection?: { file: string; kind: string; name: string; env: string | null; server: string | null } | undefined;
  read: ReadDiagnosis;
  trust: string | null;
  clientCertificate: string | null;
}

export interface ParsedReport {
  entries: ReportEntry[];
  /** Entries the CLI could not probe (no diagnosis): nothing to show. */
  notProbed: number;
}

const optionalText = (v: unknown): string | null => (typeof v === 'string' ? v : null);

/** The report's text, read. Throws a ReportProblem saying what is wrong with it. */
export function parseReport(text: string): ParsedReport {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new ReportProblem(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(value)) return { entries: [{ read: readDiagnosisJson(value), trust: null, clientCertificate: null }], notProbed: 0 };
  if (value.length > MAX_REPORT_ENTRIES) throw new ReportProblem(`more than ${MAX_REPORT_ENTRIES} entries`);
  const entries: ReportEntry[] = [];
  let notProbed = 0;
  value.forEach((item: unknown, i) => {
    const where = `entry ${i + 1}`;
    if (typeof item !== 'object' || item === null) throw new ReportProblem(`${where} is not an object`);
    const e = item as Record<string, unknown>;
    if (e.diagnosis === null || e.diagnosis === undefined) return void notProbed++;
    const [file, kind, name] = [e.file, e.kind, e.name].map(optionalText);
    if (file === null || kind === null || name === null) throw new ReportProblem(`${where} names no file, kind and name`);
    entries.push({
      connection: { file, kind, name, env: optionalText(e.env), server: optionalText(e.server) },
      read: readDiagnosisJson(e.diagnosis, `${where}.diagnosis`),
      trust: optionalText(e.trust),
      clientCertificate: optionalText(e.clientCertificate),
    });
  });
  return { entries, notProbed };
}

/** The path's segments, whichever separator the machine that wrote it used, without `.` and `..`. */
const segments = (file: string): string[] => file.split(/[\\/]+/).filter((s) => s !== '' && s !== '.' && s !== '..');

/** How many trailing segments two paths share. */
function commonTail(a: readonly string[], b: readonly string[]): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++;
  return n;
}

/**
 * The connections planned here that an entry is about: the same one (kind, name, environment, TargetServer),
 * dialled at the same host and port, in the file whose path ends most like the entry's (the CLI wrote it relative
 * to the folder it ran in, on another machine: the repository's own folder name may differ).
 */
export function matchEntry(entry: ReportEntry, probes: readonly PlannedProbe[]): PlannedProbe[] {
  const { target } = entry.read.diagnosis;
  const key = resolveKey(target.host, target.port);
  const c = entry.connection;
  const same = probes.filter((p) => {
    if (!p.plan.probeable || resolveKey(p.plan.request.host, p.plan.request.port) !== key) return false;
    return c === undefined || (p.kind === c.kind && p.owner === c.name && (p.env ?? null) === c.env && (p.server ?? null) === c.server);
  });
  if (c === undefined) return same;
  const wanted = segments(c.file);
  const scored = same.map((p) => ({ p, score: commonTail(wanted, segments(p.sites[0]?.file ?? '')) }));
  const best = Math.max(1, ...scored.map((s) => s.score));
  return scored.filter((s) => s.score === best).map((s) => s.p);
}

/** How an entry that matches nothing here is named to the user. */
export function describeEntry(entry: ReportEntry): string {
  const { host, port } = entry.read.diagnosis.target;
  const c = entry.connection;
  if (c === undefined) return `${host}:${port}`;
  return `${c.kind} '${c.name}'${c.server === null ? '' : ` · TargetServer '${c.server}'`}${c.env === null ? '' : ` · env ${c.env}`} in ${c.file} (${host}:${port})`;
}

export { ReportProblem };
