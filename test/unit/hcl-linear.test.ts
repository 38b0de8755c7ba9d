// The HCL parse is linear in the file's size, proved by count, never by the clock: the parser counts every move of
// its position (forward and back, `steps`); for each shape, 8 times the input costs at most 8 times the steps (plus
// a little), and the steps stay within a small multiple of the length. A backtrack that re-read what follows once
// per construct would grow with the square of the input and fail here.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHcl } from '../../server/src/documents/hcl/hcl-document';

const server = (i: number): string =>
  `resource "google_apigee_target_server" "ts${i}" {\n  name   = "svc-${i}" # a comment\n  env_id = var.env\n  host   = "h${i}.example.com"\n  port   = 443\n` +
  `  s_sl_info {\n    enabled   = true\n    protocols = ["TLSv1.2", "TLSv1.3"]\n    trust_store = "ref://ca-\${local.suffix}"\n  }\n}\n`;

/** Shapes that once risked re-reading: whitespace and comments after expressions, operators, heredocs, nesting. */
const SHAPES: Record<string, (n: number) => string> = {
  'TargetServer resources': (n) => Array.from({ length: n }, (_, i) => server(i)).join('\n'),
  'expressions followed by long comments': (n) =>
    Array.from({ length: n }, (_, i) => `a${i} = (((x + 1) * y) ? z : w)   ${'/* ' + 'c'.repeat(200) + ' */ '}# ${'d'.repeat(200)}\n`).join(
      '',
    ),
  'one long operator chain': (n) => `x = ${Array.from({ length: 200 * n }, (_, i) => `v${i}`).join(' + ')}\n`,
  heredocs: (n) => Array.from({ length: n }, (_, i) => `p${i} = <<-EOT\n${'    line of text\n'.repeat(50)}  EOT\n`).join(''),
  'nested objects and tuples': (n) =>
    `m = {\n${Array.from({ length: 20 * n }, (_, i) => `  k${i} = { a = [1, 2, { b = "c" }], d = [[["e"]]] }\n`).join('')}}\n`,
  'unclosed braces (bad input)': (n) => Array.from({ length: n * 50 }, (_, i) => `block "b${i}" {\n  a = [1, 2,\n`).join(''),
};

describe('HCL parse: linear in the size, by count', () => {
  for (const [name, make] of Object.entries(SHAPES)) {
    it(name, () => {
      const [small, large] = [make(40), make(320)];
      const [s1, s8] = [parseHcl(small).steps!, parseHcl(large).steps!];
      assert.ok(s1 >= small.length * 0.5, `${name}: the count counts (${s1} steps for ${small.length} characters)`);
      assert.ok(s8 <= 8.5 * s1 * (large.length / small.length / 8), `${name}: ${s1} steps at 1x, ${s8} at 8x`);
      assert.ok(s8 <= 3 * large.length, `${name}: ${s8} steps for ${large.length} characters`);
    });
  }
});
