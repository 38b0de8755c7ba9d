// Where a Terraform attribute takes a certificate or key from: `file("…")` (a path relative to the module), or the
// PEM written in the configuration itself (a heredoc, a string, a variable or local holding one). Alias resources
// and load balancer certificates read theirs the same way.
import { join } from 'node:path';
import type { HclExpr } from '../../documents/hcl/hcl-document';
import type { Span } from '../../documents/xml/types';
import { evaluate, type Scope } from './evaluate';

export type PemSource =
  /** `span`: the path as written (the string inside `file(…)`), as the alias file rules report it. */
  | { kind: 'file'; path: string; span: Span }
  /** `span`: the whole expression (a heredoc from `<<EOT` to its closing marker, or the reference). */
  | { kind: 'inline'; text: string; span: Span };

/** The PEM source of an attribute's value, or undefined when it is neither (or known only at plan time). */
export function pemSource(expr: HclExpr, file: string, scope: Scope): PemSource | undefined {
  if (expr.kind === 'call' && expr.name === 'file') {
    const arg = expr.args[0];
    const path = arg === undefined ? undefined : evaluate(arg, file, scope);
    // A PEM where the path belongs (`file(var.key)` given the key itself) is no path: never repeated as one in a message.
    if (arg === undefined || path?.kind !== 'string' || path.value.includes('-----BEGIN')) return undefined;
    return {
      kind: 'file',
      path: path.value.startsWith('/') ? path.value : join(scope.dir, path.value),
      span: path.origin.file === file ? path.origin.span : arg.span,
    };
  }
  const value = evaluate(expr, file, scope);
  return value.kind === 'string' && value.value.includes('-----BEGIN') ? { kind: 'inline', text: value.value, span: expr.span } : undefined;
}

/** What messages call inline content (never the content itself): `the cert heredoc`, `the inline cert`. */
export function inlineName(attribute: string, expr: HclExpr): string {
  // A heredoc's content starts after `<<EOT` and its line break; a quoted string's right after the quote.
  const heredoc = expr.kind === 'string' && expr.contentSpan.start - expr.span.start > 2;
  return heredoc ? `the ${attribute} heredoc` : `the inline ${attribute}`;
}
