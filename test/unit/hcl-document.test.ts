// The HCL document: exact ranges for blocks, labels, attribute names and values; what is not evaluated stays an
// opaque range; bad and hostile input never throws and stays linear (bounded by counts, never by the clock).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseHcl, traversalPath, type HclExpr, type HclFile } from '../../server/src/documents/hcl/hcl-document';
import { parseTfJson } from '../../server/src/documents/hcl/tf-json';

const at = (file: HclFile, span: { start: number; end: number }): string => file.text.slice(span.start, span.end);
const value = (text: string): HclExpr => parseHcl(`x = ${text}\n`).body.attributes[0]!.value;
const kindOf = (text: string): string => value(text).kind;

describe('HCL document: ranges', () => {
  const file = parseHcl(
    'resource "google_apigee_target_server" "ts" {\n  name = "a"  # comment\n  port = 443\n  s_sl_info {\n    enabled = true\n  }\n}\n',
  );
  const block = file.body.blocks[0]!;
  it('a block type and its labels (label ranges inside the quotes)', () => {
    assert.equal(at(file, block.typeSpan), 'resource');
    assert.deepEqual(
      block.labels.map((l) => at(file, l.span)),
      ['google_apigee_target_server', 'ts'],
    );
    assert.equal(at(file, block.span).endsWith('}\n}'), true);
  });
  it('attribute names and values; a string value by its content', () => {
    const [name, port] = block.body.attributes;
    assert.equal(at(file, name!.nameSpan), 'name');
    assert.equal(name!.value.kind === 'string' && at(file, name!.value.contentSpan), 'a');
    assert.equal(at(file, port!.value.span), '443');
  });
  it('a nested block and its attribute', () => {
    const ssl = block.body.blocks[0]!;
    assert.equal(at(file, ssl.typeSpan), 's_sl_info');
    assert.equal(at(file, ssl.body.attributes[0]!.value.span), 'true');
  });
  it('no errors on valid input', () => assert.deepEqual(file.errors, []));
});

describe('HCL document: expressions', () => {
  it('literals', () => assert.deepEqual(['"a"', '1.5', '-2', 'true', 'null'].map(kindOf), ['string', 'number', 'number', 'bool', 'null']));
  it('escapes', () => assert.equal((value('"a\\"b\\n"') as { value: string }).value, 'a"b\n'));
  it('a template keeps its interpolations', () => {
    const v = value('"organizations/${var.org}/environments/dev"');
    assert.equal(v.kind === 'string' && v.parts.map((p) => p.kind).join(','), 'literal,interpolation,literal');
  });
  it('$${ is a literal ${', () => assert.equal((value('"$${x}"') as { value: string }).value, '${x}'));
  it('a directive makes a template opaque', () =>
    assert.equal((value('"%{ if a }b%{ endif }"') as { directive: boolean }).directive, true));
  it('references', () => {
    assert.deepEqual(traversalPath(value('var.x')), ['var', 'x']);
    assert.deepEqual(traversalPath(value('each.value.s_sl_info.enabled')), ['each', 'value', 's_sl_info', 'enabled']);
    assert.deepEqual(traversalPath(value('local.m["k"]')), ['local', 'm', 'k']);
    assert.deepEqual(traversalPath(value('google_apigee_environment.dev.id')), ['google_apigee_environment', 'dev', 'id']);
  });
  it('function calls with their arguments', () => {
    const v = value('file("${path.module}/certs/a.pem")');
    assert.equal(v.kind === 'call' && `${v.name}/${v.args.length}`, 'file/1');
  });
  it('tuples and objects (newlines or commas between items)', () => {
    const t = value('[\n  "TLSv1.2",\n  "TLSv1.3",\n]');
    assert.equal(t.kind === 'tuple' && t.items.length, 2);
    const o = value('{\n  a = 1\n  "b" : 2, c = { d = [3] }\n}');
    assert.deepEqual(o.kind === 'object' && o.items.map((i) => i.key), ['a', 'b', 'c']);
  });
  it('operators, conditionals, for expressions and splats are opaque with their whole range', () => {
    for (const text of [
      'a == b ? 1 : 2',
      'var.x != null ? [1] : []',
      '[for s in var.l : s]',
      '{ for k, v in var.m : k => v }',
      'var.l[*].id',
      'a.*.b',
      '!var.x',
    ])
      assert.equal(
        `${text} ${kindOf(text)} ${JSON.stringify(value(text).span)}`,
        `${text} opaque ${JSON.stringify({ start: 4, end: 4 + text.length })}`,
      );
  });
  it('a conditional and a comparison keep their parts; other operator sequences do not', () => {
    const shape = (text: string): string => {
      const v = value(text);
      const part = (e: HclExpr | undefined): string => (e === undefined ? '' : text.slice(e.span.start - 4, e.span.end - 4));
      if (v.kind !== 'opaque') return v.kind;
      if (v.conditional) return `${part(v.conditional.condition)} ? ${part(v.conditional.then)} : ${part(v.conditional.else)}`;
      return v.comparison ? `${part(v.comparison.left)} ${v.comparison.op} ${part(v.comparison.right)}` : 'opaque';
    };
    assert.deepEqual(
      ['each.value.tls ? [1] : []', 'var.x != null ? [var.x] : []', 'var.env == "prod"', 'a ? b : c ? d : e', 'a + b', 'a == b == c'].map(
        shape,
      ),
      ['each.value.tls ? [1] : []', 'var.x != null ? [var.x] : []', 'var.env == "prod"', 'opaque', 'opaque', 'opaque'],
    );
  });
  it('a heredoc and an indented heredoc', () => {
    const file = parseHcl('cert = <<EOT\n-----BEGIN CERTIFICATE-----\nMIIB\nEOT\nkey = <<-EOF\n    a\n      b\n    EOF\n');
    const [cert, key] = file.body.attributes;
    assert.equal(cert!.value.kind === 'string' && cert!.value.value, '-----BEGIN CERTIFICATE-----\nMIIB\n');
    assert.equal(key!.value.kind === 'string' && key!.value.value, 'a\n  b\n');
    assert.deepEqual(file.errors, []);
  });
  it('dynamic blocks with their label and content', () => {
    const file = parseHcl('dynamic "s_sl_info" {\n  for_each = [1]\n  content {\n    enabled = true\n  }\n}\n');
    const d = file.body.blocks[0]!;
    assert.deepEqual([d.type, d.labels[0]!.value, d.body.blocks[0]!.type], ['dynamic', 's_sl_info', 'content']);
  });
  it('a one-line block', () => assert.equal(parseHcl('a { b = 1 }\n').body.blocks[0]!.body.attributes[0]!.name, 'b'));
});

describe('HCL document: bad input', () => {
  const cases = [
    'resource "a" {',
    'x = ',
    'x = "unterminated\ny = 1',
    '}}}',
    'x = [1, 2',
    'x = {a = }',
    '= 1',
    'x = <<EOT\nno end',
    'a b c',
    'x = (1',
    '"a" = 1',
  ];
  for (const text of cases)
    it(`${JSON.stringify(text)}: a problem reported, nothing thrown`, () => assert.ok(parseHcl(`${text}\nlast = 1\n`).errors.length > 0));
  it('recovers at the next line', () => {
    const file = parseHcl('x = = 1\ny = 2\n');
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['x', 'y'],
    );
  });
});

describe('HCL document: hostile input stays bounded', () => {
  const n = 100_000;
  it('100k nested brackets: one opaque range past the depth limit', () => {
    const file = parseHcl(`x = ${'['.repeat(n)}${']'.repeat(n)}\ny = 1\n`);
    assert.deepEqual(
      file.body.attributes.map((a) => a.name),
      ['x', 'y'],
    );
    assert.ok(file.errors.some((e) => /nested deeper/.test(e.message)));
  });
  it('100k nested blocks', () => {
    const file = parseHcl(`${'a {\n'.repeat(n)}${'}\n'.repeat(n)}z = 1\n`);
    assert.equal(file.body.attributes[0]?.name, 'z');
  });
  it('100k unary minus signs and 100k open parentheses', () => {
    assert.doesNotThrow(() => parseHcl(`x = ${'-'.repeat(n)}1\n`));
    assert.doesNotThrow(() => parseHcl(`x = ${'('.repeat(n)}1\n`));
    assert.doesNotThrow(() => parseHcl(`x = "${'${'.repeat(n)}"\n`));
  });
  it('a 100k-step reference and 100k blocks', () => {
    assert.equal(traversalPath(value(`a${'.b'.repeat(n)}`))?.length, n + 1);
    assert.equal(parseHcl('resource "a" "b" {}\n'.repeat(n)).body.blocks.length, n);
  });
  it('a 4 MB heredoc', () => {
    const file = parseHcl(`x = <<EOT\n${'A'.repeat(64)}\n`.repeat(1).concat(`${'B'.repeat(63)}\n`.repeat(60_000), 'EOT\n'));
    assert.equal(file.body.attributes[0]!.value.kind, 'string');
  });
  it('errors are capped at 1,000', () => assert.equal(parseHcl('!\n'.repeat(n)).errors.length, 1000));
});

describe('Terraform JSON (*.tf.json)', () => {
  const text = JSON.stringify(
    {
      variable: { env: { default: 'prod' } },
      resource: {
        google_apigee_target_server: {
          ts: { name: 'a', env_id: '${var.env}', port: 443, s_sl_info: { enabled: true, protocols: ['TLSv1.2'] } },
        },
      },
    },
    null,
    2,
  );
  const file = parseTfJson(text);
  const resource = file.body.blocks.find((b) => b.type === 'resource')!;
  it('blocks with labels at the JSON keys', () =>
    assert.deepEqual(
      resource.labels.map((l) => at(file, l.span)),
      ['google_apigee_target_server', 'ts'],
    ));
  it('attributes, a nested block, an interpolation read as the reference', () => {
    assert.deepEqual(
      resource.body.attributes.map((a) => a.name),
      ['name', 'env_id', 'port'],
    );
    assert.equal(resource.body.blocks[0]!.type, 's_sl_info');
    assert.deepEqual(traversalPath(resource.body.attributes[1]!.value), ['var', 'env']);
    assert.equal(at(file, resource.body.attributes[2]!.value.span), '443');
  });
  it('invalid JSON: one error, no blocks', () => assert.equal(parseTfJson('{"resource": ').errors.length, 1));
});
