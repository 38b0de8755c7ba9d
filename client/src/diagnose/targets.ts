// The probeable connections of an XML document and which one the user means (pure: no vscode import).
import { findConnections, type TlsRoot } from '../../../server/src/lint/connection';
import type { Span } from '../../../server/src/lint/xml/types';
import { parseXml, type XmlDocument } from '../../../server/src/lint/xml/document';
import { sniffTlsRoot } from '../../../server/src/lint/sniff';
import { planConnection, type ConnectionPlan, type PlanOptions } from '../../../server/src/probe/from-sslinfo';

export interface ProbeTarget {
  kind: TlsRoot | 'TargetServer';
  /** The TargetEndpoint's or ServiceCallout's `name`. */
  name: string | undefined;
  /** The `<URL>` text as written; undefined for a LoadBalancer target or a connection without URL. */
  url: string | undefined;
  /** The `<URL>` value (the whole element when it is empty); undefined without `<URL>`. */
  urlSpan: Span | undefined;
  /** The HTTPTargetConnection element. */
  connectionSpan: Span;
  plan: ConnectionPlan;
}

/**
 * Every HTTPTargetConnection of a TargetEndpoint or ServiceCallout, with its probe plan. Runs for every XML
 * document the CodeLens sees: the root is sniffed first, and only Apigee's documents are parsed (by `parse`).
 */
export function probeTargets(text: string, options: PlanOptions, parse: (text: string) => XmlDocument = parseXml): ProbeTarget[] {
  if (sniffTlsRoot(text) === undefined) return [];
  return findConnections(parse(text)).map((connection) => ({
    kind: connection.kind,
    name: connection.ownerName,
    url: connection.url?.text,
    urlSpan: connection.url === undefined ? undefined : (connection.url.textSpan ?? connection.url.span),
    connectionSpan: connection.element.span,
    plan: planConnection(connection, options),
  }));
}

const within = (span: Span | undefined, offset: number): boolean => span !== undefined && span.start <= offset && offset <= span.end;

/** The target whose `<URL>` holds the offset, else the one whose HTTPTargetConnection holds it. */
export function targetAt(targets: readonly ProbeTarget[], offset: number): ProbeTarget | undefined {
  return targets.find((t) => within(t.urlSpan, offset)) ?? targets.find((t) => within(t.connectionSpan, offset));
}

export type TargetChoice =
  | { kind: 'none' }
  | { kind: 'chosen'; target: ProbeTarget }
  /** Several connections and the cursor is in none of them: the user picks. */
  | { kind: 'ask'; targets: ProbeTarget[] };

/** The one target of the file, or the one at the cursor; several and none at the cursor: ask. */
export function chooseTarget(targets: readonly ProbeTarget[], offset: number | undefined): TargetChoice {
  if (targets.length === 0) return { kind: 'none' };
  if (targets.length === 1) return { kind: 'chosen', target: targets[0]! };
  const at = offset === undefined ? undefined : targetAt(targets, offset);
  return at === undefined ? { kind: 'ask', targets: [...targets] } : { kind: 'chosen', target: at };
}

/** "TargetEndpoint 'default'" */
export function describeOwner(target: ProbeTarget): string {
  return target.name === undefined ? target.kind : `${target.kind} '${target.name}'`;
}
