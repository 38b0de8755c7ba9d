import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { blankComments } from '../../server/src/documents/json/jsonc';

describe('blankComments', () => {
  for (const [input, output] of [
    ['{"a": 1} // note', '{"a": 1}        '],
    ['{/* x\n y */"a": 1}', '{    \n     "a": 1}'],
    ['{"url": "https://x//y", "b": "/*"}', '{"url": "https://x//y", "b": "/*"}'],
    ['{"q": "say \\"//\\"" }', '{"q": "say \\"//\\"" }'],
    ['// only\r\n{}', '       \r\n{}'],
  ] as const)
    it(JSON.stringify(input), () => assert.deepEqual(blankComments(input), { text: output }));
  it('an unterminated block comment says where it starts', () => assert.deepEqual(blankComments('{} /* open'), { unterminated: 3 }));
  it('keeps every offset', () => {
    const text = '{\n  // c\n  "a": /* b */ 1\n}';
    assert.equal((blankComments(text) as { text: string }).text.length, text.length);
  });
});
