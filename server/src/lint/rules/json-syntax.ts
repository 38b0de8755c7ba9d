import { everywhere, type Rule } from '../rule';
import type { Severity } from '../model';

/** Reported by the engine from the JSON parser's error (a rule so it can be configured and documented). */
export const jsonSyntax: Rule = {
  id: 'json-syntax',
  description: 'An environment JSON file (TargetServers, edge.json) that is not valid JSON.',
  why: 'The TargetServers in it cannot be checked, and strict readers (apigeecli, the management API) reject it; comments break the Maven plugin too.',
  fix: '–',
  apigeelint: [],
  severity: everywhere('error'),
  fixable: false,
  check(ctx) {
    const error = ctx.jsonError;
    if (error === undefined) return;
    const { span, message, severity } = explain(ctx.text, error.offset, error.message);
    ctx.report(span, message, [], severity === undefined ? {} : { severity });
  },
};

const UNCHECKED = 'the TargetServers in this file are not checked';

/** What went wrong at `offset`, in terms of the tools that read these files. */
function explain(
  text: string,
  offset: number,
  parserMessage: string,
): { span: { start: number; end: number }; message: string; severity?: Severity } {
  const at = (length: number): { start: number; end: number } => ({
    start: offset,
    end: Math.min(text.length, offset + Math.max(1, length)),
  });
  const rest = text.slice(offset, offset + 200);
  const comment = /^(\/\/[^\r\n]*|\/\*)/.exec(rest);
  if (comment !== null)
    return {
      span: at(comment[0].length),
      message: `Comments are not JSON: apigee-config-maven-plugin and apigeecli cannot read this file, and ${UNCHECKED}.`,
    };
  const token = /^@[\w.-]+@/.exec(rest);
  if (token !== null)
    return {
      span: at(token[0].length),
      message: `${token[0]} is a build token: this file is JSON only after token replacement, and ${UNCHECKED}.`,
      severity: 'info',
    };
  let comma = offset - 1;
  while (comma >= 0 && /\s/.test(text[comma]!)) comma--;
  if ((rest.startsWith(']') || rest.startsWith('}')) && text[comma] === ',')
    return {
      span: { start: comma, end: comma + 1 },
      message: `Trailing comma: apigee-config-maven-plugin's lenient parser accepts it, strict JSON readers (apigeecli, the management API) do not; ${UNCHECKED}.`,
      severity: 'warning',
    };
  if (parserMessage === "expected ',' or ']'" && (rest.startsWith('{') || rest.startsWith('"')))
    return {
      span: at(1),
      message: `Missing comma between array items: apigee-config-maven-plugin's lenient parser accepts it, strict JSON readers (apigeecli, the management API) do not; ${UNCHECKED}.`,
      severity: 'warning',
    };
  if (parserMessage === 'line break inside a string')
    return {
      span: at(1),
      message: `Line break inside a string: apigee-config-maven-plugin's lenient parser accepts it, strict JSON readers (apigeecli, the management API) do not; ${UNCHECKED}.`,
      severity: 'warning',
    };
  return {
    span: at(/^[^\s,:{}[\]"]+/.exec(rest)?.[0].length ?? 1),
    message: `Not valid JSON (${parserMessage}): no tool can read this file, and ${UNCHECKED}.`,
  };
}
