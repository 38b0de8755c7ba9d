// Tests for syntaxes/apigee-templates.injection.tmLanguage.json, run through vscode-textmate with VS Code's
// XML grammar as the host (see textmate.ts). Run: npm run test:grammar
//
// Design notes (the grammar is JSON, which has no comments, so they live here):
// - Where it applies (injectionSelector):
//     "L:text.xml -comment -meta.tag -source"  element text and CDATA, not comments, not inside tags
//                                               (tag and attribute names), not embedded JSP/Java.
//     "L:text.xml meta.tag string.quoted"       attribute values, both quote styles.
//   `L:` gives the injection priority over the XML grammar's own patterns at the same position.
// - Apigee templates are matched the way Apigee itself substitutes them: `{` + a flow-variable name +
//   `}` on one line, no whitespace, the name starting with a letter or `_` and made of word characters,
//   `-` and `.` (`{ratelimit.Quota-1.expiry.time}`, `{request.header.x-api-key}`). That is what keeps
//   JSON payloads (`{"a": {"b": 1}}`) and most JavaScript (`function f() { return x; }`) plain: neither
//   has an identifier right after `{` and a `}` right after it. CDATA is deliberately NOT excluded,
//   because Apigee substitutes templates inside CDATA payloads (AssignMessage/RaiseFault <Payload>).
//   The accepted cost: JavaScript object shorthand or destructuring written in inline CDATA (`{a}`) is
//   highlighted as a template (pinned below as a known limitation).
// - Function templates (`{sha256Hex(request.content)}`, `{jsonPath($.a,response.content)}`,
//   `{xeger('[a-z]{5}')}`) must close with `)}` on the same line; one level of nested parentheses and
//   quoted arguments (which may hold braces) are allowed. The first argument, or any argument, starting
//   with `$` or `/` is a JSONPath/XPath and is one string token. Any function name is accepted, not just
//   the documented list, so a new Apigee function needs no grammar change.
// - Jinja (`{{ expr }}`, `{% stmt %}`, `{# comment #}`) gets `.jinja` scopes, distinct from Apigee's
//   `.apigee` ones, and is tried first so `{{x}}` is never read as `{` + `{x}` + `}`. Each must close on
//   its own line (a match, not begin/end), so an unclosed `{{` can never swallow the rest of the file.
// - References: `ref://` + a name of word characters, `.` and `-` (`ref://my-truststore`). `ref://`
//   directly followed by a template (`ref://{{ name }}`) highlights the prefix and lets the template
//   highlight itself. Not after a word, `:`, `/`, `.` or `-`, so `href://x` and `xref://x` stay plain;
//   `ref:/x` and a bare `ref://` are not references.
// - Variable and reference names are single tokens (no per-dot accessors) to keep themes and tests simple.
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { injectedTokens, injectionPath, injectionScope, repoRoot, tokenizeLine, tokenizeLines } from './textmate';

// Innermost scopes, named once so each case below fits on one line.
const TB = 'punctuation.definition.template.begin.apigee';
const TE = 'punctuation.definition.template.end.apigee';
const VAR = 'variable.other.apigee';
const FN = 'support.function.apigee';
const AB = 'punctuation.section.arguments.begin.apigee';
const AE = 'punctuation.section.arguments.end.apigee';
const SEP = 'punctuation.separator.arguments.apigee';
const NUM = 'constant.numeric.apigee';
const STR = 'string.quoted.single.apigee';
const PATH = 'string.unquoted.path.apigee';
const ARGS = 'meta.function-call.arguments.apigee';
const REF = 'keyword.other.reference.apigee';
const NAME = 'string.other.reference.apigee';
const JB = 'punctuation.definition.template.begin.jinja';
const JE = 'punctuation.definition.template.end.jinja';
const JEXPR = 'meta.template.expression.jinja';
const JSTMT = 'meta.template.statement.jinja';
const JVAR = 'variable.other.jinja';
const JKW = 'keyword.control.jinja';

type Expected = Array<[string, string]>;
const v = (name: string): Expected => [['{', TB], [name, VAR], ['}', TE]];
const ref = (name: string): Expected => [['ref://', REF], [name, NAME]];

// One line of XML each; the expected list is every token the injection produced, [text, innermost scope].
const cases: Array<[string, string, Expected]> = [
  // Apigee flow-variable templates
  ['header template in element text', '<Header name="x">{request.header.x}</Header>', v('request.header.x')],
  ['flow variable', '<TrustStore>{flow.var}</TrustStore>', v('flow.var')],
  ['dashes and digits in names', '<Header>{ratelimit.Quota-1.expiry.time}</Header>', v('ratelimit.Quota-1.expiry.time')],
  ['hyphenated header name', '<V>{request.header.x-api-key}</V>', v('request.header.x-api-key')],
  ['template among literal text', '<URL>https://{target.host}/v1/{proxy.pathsuffix}</URL>', [...v('target.host'), ...v('proxy.pathsuffix')]],
  ['template in a double-quoted attribute', '<Set value="{flow.var}"/>', v('flow.var')],
  ["template in a single-quoted attribute", "<Header name='{hdr.name}'/>", v('hdr.name')],
  ['template in an empty element\'s attribute', '<A b="{x.y}"></A>', v('x.y')],
  ['JSON payload: only the template', '<Payload>{"name":"Alert", "message":"user: {user.name}"}</Payload>', v('user.name')],
  ['JSON payload in CDATA: only the template', '<Payload><![CDATA[{"a": {"b": "{req.id}"}}]]></Payload>', v('req.id')],
  ['extra braces around a template', '<V>{{request.header.x}</V>', v('request.header.x')],
  // Apigee function templates
  ['function with a variable argument', '<V>{sha256Hex(request.content)}</V>', [['{', TB], ['sha256Hex', FN], ['(', AB], ['request.content', VAR], [')', AE], ['}', TE]]],
  ['function with numbers', '<V>{substring(alpha,2,4)}</V>', [['{', TB], ['substring', FN], ['(', AB], ['alpha', VAR], [',', SEP], ['2', NUM], [',', SEP], ['4', NUM], [')', AE], ['}', TE]]],
  ['function with a quoted argument holding braces', "<V>{xeger('[a-z]{5}')}</V>", [['{', TB], ['xeger', FN], ['(', AB], ["'[a-z]{5}'", STR], [')', AE], ['}', TE]]],
  ['jsonPath: the path is one string', '<V>{jsonPath($.store.book[0].author,response.content)}</V>', [['{', TB], ['jsonPath', FN], ['(', AB], ['$.store.book[0].author', PATH], [',', SEP], ['response.content', VAR], [')', AE], ['}', TE]]],
  ['xPath: the path is one string', '<V>{xPath(/a/b,request.content)}</V>', [['{', TB], ['xPath', FN], ['(', AB], ['/a/b', PATH], [',', SEP], ['request.content', VAR], [')', AE], ['}', TE]]],
  ['argument spacing is kept in the arguments scope', "<V>{timeFormat('yyyy', system.timestamp)}</V>", [['{', TB], ['timeFormat', FN], ['(', AB], ["'yyyy'", STR], [',', SEP], [' ', ARGS], ['system.timestamp', VAR], [')', AE], ['}', TE]]],
  // ref:// references
  ['TrustStore reference', '<TrustStore>ref://my-truststore</TrustStore>', ref('my-truststore')],
  ['KeyStore reference with dots and underscores', '<KeyStore>ref://ks_v2.prod</KeyStore>', ref('ks_v2.prod')],
  ['reference in an attribute', '<Store ref="ref://ts1"/>', ref('ts1')],
  ['reference whose name is a jinja template', '<TrustStore>ref://{{ ts_ref }}</TrustStore>', [['ref://', REF], ['{{', JB], [' ', JEXPR], ['ts_ref', JVAR], [' ', JEXPR], ['}}', JE]]],
  // Jinja templates
  ['jinja expression', '<URL>{{ target_url }}</URL>', [['{{', JB], [' ', JEXPR], ['target_url', JVAR], [' ', JEXPR], ['}}', JE]]],
  ['jinja without spaces is still jinja', '<V>{{env}}</V>', [['{{', JB], ['env', JVAR], ['}}', JE]]],
  ['jinja dotted name and filter', '<V>{{ env.host | lower }}</V>', [['{{', JB], [' ', JEXPR], ['env.host', JVAR], [' ', JEXPR], ['|', 'punctuation.separator.filter.jinja'], [' ', JEXPR], ['lower', 'support.function.filter.jinja'], [' ', JEXPR], ['}}', JE]]],
  ['jinja whitespace control and a string', "<V>{{- 'x' -}}</V>", [['{{-', JB], [' ', JEXPR], ["'x'", 'string.quoted.single.jinja'], [' ', JEXPR], ['-}}', JE]]],
  ['jinja statement', '<V>{% if tls %}TLSv1.2{% endif %}</V>', [['{%', JB], [' ', JSTMT], ['if', JKW], [' ', JSTMT], ['tls', JVAR], [' ', JSTMT], ['%}', JE], ['{%', JB], [' ', JSTMT], ['endif', JKW], [' ', JSTMT], ['%}', JE]]],
  ['jinja comment', '<V>{# todo #}</V>', [['{#', 'punctuation.definition.comment.begin.jinja'], [' todo ', 'comment.block.jinja'], ['#}', 'punctuation.definition.comment.end.jinja']]],
  // Negative cases: nothing highlighted
  ['plain text', '<Enabled>true</Enabled>', []],
  ['a lone brace', '<V>{</V>', []],
  ['empty braces', '<V>{}</V>', []],
  ['a number in braces', '<V>{1}</V>', []],
  ['spaces inside braces', '<V>{ request.header.x }</V>', []],
  ['unclosed template', '<V>{request.header.x</V>', []],
  ['unclosed jinja', '<V>{{ x </V>', []],
  ['unclosed function template', '<V>{sha256Hex(request.content}</V>', []],
  ['JSON without templates', '<Payload>{"a": {"b": [1, 2]}, "c": "d"}</Payload>', []],
  ['JavaScript in CDATA', '<Source><![CDATA[function f(a) { return a; }]]></Source>', []],
  ['ref:/ with one slash', '<TrustStore>ref:/x</TrustStore>', []],
  ['bare ref:// with no name', '<TrustStore>ref://</TrustStore>', []],
  ['href:// is not a reference', '<V>href://x xref://y</V>', []],
  ['XML comment', '<!-- {flow.var} {{ x }} ref://ts -->', []],
  ['comment after text', '<V>a</V><!-- ref://ts {a.b} -->', []],
  ['tag and attribute names', '<ref a="b"></ref>', []],
  ['inside a tag but outside attribute values', '<A {x.y} ref://z b="1">', []],
  ['XML declaration', '<?xml version="1.0" encoding="UTF-8"?>', []],
];

for (const [name, line, expected] of cases) {
  test(name, async () => {
    assert.deepEqual(injectedTokens(await tokenizeLine(line)), expected, line);
  });
}

test('known limitation: JavaScript shorthand {a} in CDATA reads as a template', async () => {
  const line = '<Source><![CDATA[const o = {a};]]></Source>';
  assert.deepEqual(injectedTokens(await tokenizeLine(line)), v('a'));
});

test('a comment spanning lines stays plain on every line', async () => {
  const lines = ['<!--', '  <TrustStore>ref://old-ts</TrustStore>', '  {request.header.x} {{ y }}', '-->', '<T>{z.w}</T>'];
  const tokens = await tokenizeLines(lines);
  assert.deepEqual(tokens.map(injectedTokens), [[], [], [], [], v('z.w')]);
});

test('CDATA spanning lines: templates highlighted inside it', async () => {
  const lines = ['<Payload><![CDATA[', '{"id": "{messageid}",', ' "n": {"m": 1}}', ']]></Payload>'];
  const tokens = await tokenizeLines(lines);
  assert.deepEqual(tokens.map(injectedTokens), [[], v('messageid'), [], []]);
});

test('full scope stacks: the template nests under the XML scopes', async () => {
  const text = await tokenizeLine('<T>{a.b}</T>');
  assert.deepEqual(text.find((t) => t.text === 'a.b')?.scopes, ['text.xml', 'meta.template.expression.apigee', VAR]);
  const attr = await tokenizeLine('<T v="ref://x"/>');
  assert.deepEqual(attr.find((t) => t.text === 'ref://')?.scopes, ['text.xml', 'meta.tag.xml', 'string.quoted.double.xml', 'meta.reference.apigee', REF]);
  const fn = await tokenizeLine('<T>{md5Hex(a)}</T>');
  assert.deepEqual(fn.find((t) => t.text === 'a')?.scopes, ['text.xml', 'meta.template.expression.apigee', ARGS, VAR]);
});

test('the XML around a template is still tokenized by the XML grammar', async () => {
  const tokens = await tokenizeLine('<TrustStore>{ts.name}</TrustStore>');
  const tagNames = tokens.filter((t) => t.scopes.includes('entity.name.tag.localname.xml')).map((t) => t.text);
  assert.deepEqual(tagNames, ['TrustStore', 'TrustStore']);
});

test('grammar file: scope name and injection selector are the ones the manifest entry relies on', () => {
  const raw = JSON.parse(fs.readFileSync(injectionPath, 'utf8')) as { scopeName?: unknown; injectionSelector?: unknown };
  assert.equal(raw.scopeName, injectionScope);
  assert.match(String(raw.injectionSelector), /^L:text\.xml /);
});

test('package.json contributes the grammar, injected into text.xml', (t) => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes?: { grammars?: Array<{ scopeName?: string; path?: string; injectTo?: string[] }> };
  };
  const entry = manifest.contributes?.grammars?.find((g) => g.scopeName === injectionScope);
  if (!entry) {
    t.skip('contributes.grammars has no entry for this grammar yet');
    return;
  }
  assert.equal(path.resolve(repoRoot, entry.path ?? ''), injectionPath);
  assert.deepEqual(entry.injectTo, ['text.xml']);
});
