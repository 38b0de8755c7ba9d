// Where a Terraform finding lands: at the place the offending value is written — in the file being read, or in
// another file it flowed from (the caller's module argument, a tfvars entry, a variable's default, a locals entry, a
// for_each map value) — so the finding and its quick fix are where the user changes the value. Shared by the load
// balancer objects and the TargetServers' TLS blocks.
import type { Span } from '../../documents/xml/types';
import type { TfValue } from './evaluate';

/** A range in the file being read (no `file`), or in `file`, the Terraform file the value is written in. */
export interface Landing {
  span: Span;
  file?: string;
}

/** A value's landing seen from `file`: where the value is written; `exprSpan` (the expression here) when not in a Terraform file. */
export function landingOf(v: TfValue, file: string, exprSpan: Span): Landing {
  if (v.origin.file === file) return { span: v.origin.span };
  return /\.(tf|tfvars)(\.json)?$/.test(v.origin.file) ? { span: v.origin.span, file: v.origin.file } : { span: exprSpan };
}

/** A value written elsewhere, for the per-file rules of its file: the range, and how it reaches the resource. */
export interface ElsewhereSpan {
  span: Span;
  file: string;
  /** `module.apigee.google_apigee_target_server.ts s_sl_info.protocols, via module.apigee → var.protocols`. */
  flow: string;
}

/** `module.apigee.module.backend.` and `var.protocols` → `module.apigee → module.backend → var.protocols`. */
export function flowOf(prefix: string | undefined, expression: string): string {
  const modules = (prefix ?? '').match(/module\.[^.[]+(?:\[[^\]]*\])?/g) ?? [];
  return [...modules, expression].join(' → ');
}
