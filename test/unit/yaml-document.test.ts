// The YAML document (documents/yaml): exact spans for keys and values, problems instead of exceptions, aliases kept
// unexpanded, a depth bound.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { entryOf, parseYaml, stringAt, type YamlNode } from '../../server/src/documents/yaml/yaml-document';

const text = 'envs:\n  - name: test\n    httpProxy:\n      scheme: http\n      host: proxy.corp\n      port: 3128\n';
const slice = (span: { start: number; end: number }): string => text.slice(span.start, span.end);

describe('YAML documents', () => {
  const { root, problems } = parseYaml(text);
  const env = (entryOf(root, 'envs')?.value as Extract<YamlNode, { kind: 'seq' }>).items[0];
  const proxy = entryOf(env, 'httpProxy')?.value;
  it('reads without problems', () => assert.deepEqual(problems, []));
  it('a key and its value, at their exact spans', () => {
    assert.equal(slice(entryOf(proxy, 'scheme')!.keySpan), 'scheme');
    assert.deepEqual(stringAt(proxy, 'scheme')?.value, 'http');
    assert.equal(slice(stringAt(proxy, 'scheme')!.span), 'http');
  });
  it('numbers are scalars too', () => assert.deepEqual(stringAt(proxy, 'port')?.value, '3128'));
  it('the last of duplicate keys wins, as lenient readers do', () =>
    assert.equal(stringAt(parseYaml('a: 1\na: 2\n').root, 'a')?.value, '2'));
  it('bad input is problems, never an exception', () => {
    for (const bad of [': :', '\t- x', '{[', 'a: [1, 2', '\u0000\u0001', '*nowhere', '- &a [*a]'])
      assert.doesNotThrow(() => parseYaml(bad), bad);
    assert.ok(parseYaml('a: [1, 2').problems.length > 0);
  });
  it('aliases are kept unexpanded (no billion laughs)', () => {
    const laughs = [
      'a: &a ["lol","lol"]',
      ...Array.from(
        { length: 20 },
        (_, i) =>
          `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9)
            .fill(`*${String.fromCharCode(97 + i)}`)
            .join(',')}]`,
      ),
    ].join('\n');
    const { root: r } = parseYaml(laughs);
    assert.equal(entryOf(r, 'c')?.value?.kind, 'seq');
    assert.equal((entryOf(r, 'c')?.value as Extract<YamlNode, { kind: 'seq' }>).items[0]!.kind, 'other');
  });
  it('deep nesting is read to a bound, not further', () => {
    assert.doesNotThrow(() => JSON.stringify(parseYaml('- '.repeat(5_000) + 'x').root));
    assert.deepEqual(parseYaml('['.repeat(100_000) + ']'.repeat(100_000)), {
      root: undefined,
      problems: [{ message: 'nested deeper than 256 levels: not read', span: { start: 256, end: 257 } }],
    });
  });
});
