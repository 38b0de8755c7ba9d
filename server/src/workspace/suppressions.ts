// `suppressions` of .apigee-tls.json: findings in JSON files silenced one by one, by file, JSON Pointer and rule id
// (XML has its disable comments; JSON has no comments to carry one). A suppression names the value the finding is
// at, or one holding it, so it survives edits elsewhere in the file and reformatting.
import { isAbsolute, join, normalize } from 'node:path';
import { parseJsonLenient, type JsonNode } from '../documents/json/json-document';
import { blankComments } from '../documents/json/jsonc';
import { pointerAt, pointerHolds } from '../documents/json/pointer';
import type { Finding } from '../lint/model';
import type { Suppression } from './config-file';

/** Whether a finding in the file at `path` (with `text`) is suppressed. */
export type SuppressionTest = (path: string, text: string, finding: Finding) => boolean;

/** The test for the suppressions of a configuration file in folder `base`. */
export function suppressionTest(base: string, suppressions: readonly Suppression[] | undefined): SuppressionTest {
  if (suppressions === undefined || suppressions.length === 0) return () => false;
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    const path = normalize(isAbsolute(s.file) ? s.file : join(base, s.file));
    byFile.set(path, [...(byFile.get(path) ?? []), s]);
  }
  // One parse per text: a file's findings are asked about one after the other.
  let parsed: { text: string; root: JsonNode | undefined } | undefined;
  return (path, text, finding) => {
    const entries = byFile.get(normalize(path))?.filter((s) => s.rule === finding.ruleId);
    if (entries === undefined || entries.length === 0) return false;
    if (parsed?.text !== text) parsed = { text, root: parseRoot(text) };
    const root = parsed.root;
    if (root === undefined) return false;
    const at = pointerAt(root, finding.span);
    return entries.some((s) => pointerHolds(s.pointer, at));
  };
}

/** The JSON document (comments blanked, a trailing comma read as the Maven plugin reads it). */
function parseRoot(text: string): JsonNode | undefined {
  const blanked = blankComments(text);
  return 'text' in blanked ? parseJsonLenient(blanked.text)?.root : undefined;
}

/** The pointer of the value a finding at `span` is at, in a JSON text; undefined when the text is not JSON. */
export function findingPointer(text: string, span: { start: number; end: number }): string | undefined {
  const root = parseRoot(text);
  return root === undefined ? undefined : pointerAt(root, span);
}

/** One text edit (offsets into the configuration file's text). */
export interface ConfigEdit {
  start: number;
  end: number;
  newText: string;
}

/**
 * The edit that adds a suppression to a configuration file's text: appended to its `suppressions` list, or a new
 * list at the end of the object. `undefined` text: the file does not exist (the edit is its whole content).
 * Undefined when the text is not a JSON object (config-file reports why; nothing is guessed).
 */
export function addSuppressionEdit(text: string | undefined, entry: Suppression): ConfigEdit | undefined {
  const item = JSON.stringify(entry);
  const list = `"suppressions": [\n    ${item}\n  ]`;
  if (text === undefined) return { start: 0, end: 0, newText: `{\n  ${list}\n}\n` };
  const blanked = blankComments(text);
  const root = 'text' in blanked ? parseJsonLenient(blanked.text)?.root : undefined;
  if (root?.kind !== 'object') return undefined;
  const existing = root.properties.find((p) => p.key === 'suppressions')?.value;
  if (existing !== undefined) {
    if (existing.kind !== 'array') return undefined;
    const last = existing.items.at(-1);
    return last === undefined
      ? { start: existing.span.start, end: existing.span.end, newText: `[\n    ${item}\n  ]` }
      : { start: last.span.end, end: last.span.end, newText: `,\n    ${item}` };
  }
  const lastProperty = root.properties.at(-1);
  return lastProperty === undefined
    ? { start: root.span.start, end: root.span.end, newText: `{\n  ${list}\n}` }
    : { start: lastProperty.value.span.end, end: lastProperty.value.span.end, newText: `,\n  ${list}` };
}
