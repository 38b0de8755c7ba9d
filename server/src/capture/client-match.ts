// Northbound captures: which client of the profile table a captured ClientHello is ("matches Java 8u161", or the
// closest with what differs), and, for a refused handshake, which other clients of the table the front door would
// refuse the same way, decided from what the refusal says the server requires (never by replaying hellos). Pure.
import { CLIENT_PROFILES } from '../tls/clients/table';
import { groupName, offeredProtocols, offeredSuites, type ClientProfile } from '../tls/clients/profile';
import { suiteName } from '../tls/cipher-suites';
import { TLS_PROTOCOLS, type TlsProtocol } from '../tls/versions';

/** The signalling values (renegotiation_info and fallback SCSVs) say nothing of a client's suites. */
const SCSV = new Set([0x00ff, 0x5600]);

export interface ClientMatch {
  id: string;
  name: string;
  /** The hello offers what the profile offers: versions, suites in order, groups, SNI. */
  exact: boolean;
  /** For people, when not exact: "suites: 3 more, 2 fewer", "suite order", "versions: TLSv1–TLSv1.3 (profile TLSv1–TLSv1.2)". */
  differences: string[];
}

export interface SameFailure {
  /** What the refusal shows the front door requires. */
  reason: string;
  clients: { id: string; name: string }[];
}

/** What the capture shows of a hello: the fields of the connection report. */
export interface SeenHello {
  versions: readonly string[];
  /** IANA names in the hello's order. */
  suites: readonly string[];
  groups: readonly number[];
  sni: string | null;
}

interface ProfileShape {
  profile: ClientProfile;
  min: TlsProtocol | undefined;
  max: TlsProtocol | undefined;
  suites: string[];
  groups: string[];
}

const SHAPES: readonly ProfileShape[] = CLIENT_PROFILES.map((profile) => {
  const versions = offeredProtocols(profile);
  return {
    profile,
    min: versions[0],
    max: versions.at(-1),
    suites: offeredSuites(profile)
      .filter((c) => !SCSV.has(c))
      .map(suiteName),
    groups: [...profile.groups],
  };
});

const rank = (p: string | undefined): number => (p === undefined ? -1 : TLS_PROTOCOLS.indexOf(p as TlsProtocol));

function sameOrder(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function compare(hello: SeenHello, shape: ProfileShape): { score: number; differences: string[] } {
  const differences: string[] = [];
  let score = 0;
  const helloMax = hello.versions.at(-1);
  if (helloMax !== shape.max) {
    score += 10;
    differences.push(`newest version ${helloMax ?? 'none'} (${shape.profile.name}: ${shape.max ?? 'SSLv3'})`);
  }
  if (helloMax === shape.max && hello.versions[0] !== shape.min) {
    score += 5;
    differences.push(`oldest version ${hello.versions[0] ?? 'none'} (${shape.profile.name}: ${shape.min ?? 'SSLv3'})`);
  }
  const suites = hello.suites.filter((s) => !s.endsWith('_SCSV'));
  const theirs = new Set(shape.suites);
  const ours = new Set(suites);
  const more = suites.filter((s) => !theirs.has(s)).length;
  const fewer = shape.suites.filter((s) => !ours.has(s)).length;
  if (more + fewer > 0) {
    score += more + fewer;
    differences.push(`suites: ${more} more, ${fewer} fewer`);
  } else if (!sameOrder(suites, shape.suites)) {
    score += 1;
    differences.push('the same suites in another order');
  }
  const groups = hello.groups.map(groupName);
  if (!sameOrder(groups, shape.groups)) {
    score += 1;
    differences.push(`groups ${groups.join(', ') || 'none'} (${shape.profile.name}: ${shape.groups.join(', ') || 'none'})`);
  }
  if ((hello.sni !== null) !== shape.profile.sni) {
    score += 1;
    differences.push(hello.sni === null ? 'no SNI' : 'sends SNI');
  }
  return { score, differences };
}

/** The profile nearest the hello; exact when nothing differs. */
export function matchClient(hello: SeenHello): ClientMatch | undefined {
  let best: { shape: ProfileShape; score: number; differences: string[] } | undefined;
  for (const shape of SHAPES) {
    const c = compare(hello, shape);
    if (best === undefined || c.score < best.score) best = { shape, ...c };
  }
  if (best === undefined) return undefined;
  return { id: best.shape.profile.id, name: best.shape.profile.name, exact: best.score === 0, differences: best.differences };
}

/**
 * The clients the front door refuses the way it refused this hello. A refused version (protocol-mismatch): the
 * server's floor is above the hello's newest version, so every client whose newest version is not above it fails.
 * Refused suites (cipher-mismatch): every client offering none of the suites the server is seen to accept in the
 * capture (completed handshakes to the same server) and, as no suite of this hello is accepted, every client whose
 * suites are all among this hello's.
 */
export function sameFailure(
  hello: SeenHello,
  cause: string,
  acceptedSuites: ReadonlySet<string>,
  self: string | undefined,
): SameFailure | undefined {
  const others = SHAPES.filter((s) => s.profile.id !== self);
  const named = (list: readonly ProfileShape[]): SameFailure['clients'] => list.map((s) => ({ id: s.profile.id, name: s.profile.name }));
  if (cause === 'protocol-mismatch') {
    const newest = hello.versions.at(-1);
    if (newest === undefined) return undefined;
    return {
      reason: `the front door refuses ${newest}, so it requires a newer version`,
      clients: named(others.filter((s) => rank(s.max) <= rank(newest))),
    };
  }
  if (cause === 'cipher-mismatch') {
    const refused = new Set(hello.suites);
    const fails = others.filter(
      (s) =>
        (acceptedSuites.size > 0 && !s.suites.some((x) => acceptedSuites.has(x))) ||
        (s.suites.length > 0 && s.suites.every((x) => refused.has(x))),
    );
    const seen = [...acceptedSuites];
    return {
      reason:
        seen.length === 0
          ? "the front door accepts none of this hello's suites"
          : `the front door accepts none of this hello's suites; it is seen to accept ${seen.slice(0, 3).join(', ')}${seen.length > 3 ? ', …' : ''}`,
      clients: named(fails),
    };
  }
  return undefined;
}
