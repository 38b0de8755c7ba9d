// Reading SSLInfo values: templates are never judged as literals.

/**
 * `{flow.variable}`, `{{ jinja }}`, `${maven.property}` or `@token@` (Maven resource filtering, used by the
 * Apigee Maven plugins): a value that holds a template is decided at build, deploy or run time.
 */
export function isTemplate(value: string): boolean {
  return /\{[^{}]*\}/.test(value) || value.includes('{{') || /@[\w.-]+@/.test(value);
}

export type BooleanValue = true | false | 'template' | 'invalid';

export function readBoolean(value: string): BooleanValue {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (isTemplate(value)) return 'template';
  return 'invalid';
}

/** `True`, `FALSE`: the lower-case spelling when the meaning is unambiguous. */
export function normaliseBoolean(value: string): 'true' | 'false' | undefined {
  const v = value.trim().toLowerCase();
  return v === 'true' || v === 'false' ? v : undefined;
}

/** A literal value as a message quotes it: `'value'`, cut with … when long (a message is read on one line). */
export function quoted(value: string, max = 60): string {
  return `'${value.length > max ? `${value.slice(0, max - 1)}…` : value}'`;
}
