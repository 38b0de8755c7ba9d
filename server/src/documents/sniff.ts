// What a document is, read from its first bytes without parsing: JSON or XML, and the XML root's name. Every
// feature that runs on any open document (lint, CodeLens, hover) sniffs first, so a large pom costs a sniff.
import { isTlsRoot, type TlsRoot } from './connection';

/**
 * XML never starts with `{` or `[`: such a file is JSON (a TargetServer file), even behind `//` or `/* *\/`
 * comments (which json-syntax then reports).
 */
export function looksLikeJson(text: string): boolean {
  const first = /^\uFEFF?(?:\s|\/\/[^\n]*|\/\*(?:(?!\*\/)[\s\S])*\*\/)*(\S)/.exec(text.slice(0, 4096))?.[1];
  return first === '{' || first === '[';
}

/**
 * The document's root when it is a TargetEndpoint or ServiceCallout, read from raw text without parsing: what
 * the editor features check before they parse, so a large pom costs a sniff, not a parse.
 */
export function sniffTlsRoot(text: string): TlsRoot | undefined {
  if (looksLikeJson(text)) return undefined;
  const name = sniffRootName(text);
  return name !== undefined && isTlsRoot(name) ? name : undefined;
}

/** The root element's name read from raw text in one linear pass (for any file, even one too broken to parse). */
export function sniffRootName(text: string): string | undefined {
  let i = 0;
  for (;;) {
    i = text.indexOf('<', i);
    if (i < 0) return undefined;
    if (text.startsWith('<!--', i)) i = skipPast(text, '-->', i + 4);
    else if (text.startsWith('<?', i)) i = skipPast(text, '?>', i + 2);
    else if (text.startsWith('<!DOCTYPE', i)) i = skipDoctype(text, i);
    else if (text.startsWith('<!', i))
      i = skipPast(text, '>', i + 2); // a malformed declaration or comment
    else return /^<([A-Za-z_][\w.-]*)/.exec(text.slice(i, i + 256))?.[1];
    if (i < 0) return undefined;
  }
}

function skipPast(text: string, end: string, from: number): number {
  const at = text.indexOf(end, from);
  return at < 0 ? -1 : at + end.length;
}

/** After `<!DOCTYPE …>`, including an internal subset in brackets. */
function skipDoctype(text: string, from: number): number {
  const bracket = text.indexOf('[', from);
  const gt = text.indexOf('>', from);
  if (gt < 0) return -1;
  if (bracket < 0 || bracket > gt) return gt + 1;
  const close = text.indexOf(']', bracket);
  return close < 0 ? -1 : skipPast(text, '>', close);
}
