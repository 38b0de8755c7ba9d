// The lenient JSON reading the apigee-config-maven-plugin's parser allows, beside an unchanged strict mode.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseJson, parseJsonLenient } from '../../server/src/documents/json/json-document';

const recoveries = (text: string): string[] =>
  parseJsonLenient(text)?.recoveries.map((r) => `${r.kind}@${r.span.start}-${r.span.end}`) ?? ['unparsed'];

describe('lenient JSON', () => {
  it('reads a trailing comma in an array and says where', () => assert.deepEqual(recoveries('[{"a":1},\n]'), ['trailing-comma@8-9']));
  it('reads a missing comma between objects and says where', () =>
    assert.deepEqual(recoveries('[{"a":1}\n{"b":2}]'), ['missing-comma@8-8']));
  it('reads a missing comma between strings', () => assert.deepEqual(recoveries('["a" "b"]'), ['missing-comma@4-4']));
  it('keeps every item', () => assert.equal((parseJsonLenient('[{"a":1}{"b":2},]')!.root as { items: unknown[] }).items.length, 2));
  it('reports nothing for valid JSON', () => assert.deepEqual(recoveries('[1, 2]'), []));
  it('still rejects other garbage', () => assert.deepEqual(recoveries('[1 2]'), ['unparsed']));
  it('still rejects a trailing comma in an object', () => assert.deepEqual(recoveries('{"a":1,}'), ['unparsed']));
  it('leaves strict parsing strict', () => {
    assert.equal(parseJson('[{"a":1},]'), undefined);
    assert.equal(parseJson('[{"a":1}{"b":2}]'), undefined);
    assert.ok(parseJson('[{"a":1},{"b":2}]'));
  });
});

describe('lenient JSON: a raw line break inside a string (a PEM pasted as is; json-simple reads it)', () => {
  it('reads it and says where the string starts and where each break is', () => {
    const parsed = parseJsonLenient('["a\nb\r\nc"]')!;
    assert.deepEqual(parsed.recoveries, [
      {
        kind: 'line-break',
        span: { start: 1, end: 3 },
        breaks: [
          { start: 3, end: 4 },
          { start: 5, end: 7 },
        ],
      },
    ]);
    assert.equal((parsed.root as { items: Array<{ value: string }> }).items[0]!.value, 'a\nb\r\nc');
  });
  it('leaves strict parsing strict', () => assert.equal(parseJson('["a\nb"]'), undefined));
  it('still rejects a string that never ends', () => assert.deepEqual(recoveries('["a\nb]'), ['unparsed']));
});
