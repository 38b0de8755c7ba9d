// isInside: whether a path lies in a folder, as path.relative says (the fast prefix test for plain absolute paths
// must give the same answer; anything else still goes through path.relative).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { isInside } from '../../server/src/workspace/paths';

const cases: [root: string, path: string, inside: boolean][] = [
  ['/w', '/w', true],
  ['/w', '/w/a/b.xml', true],
  ['/w', '/wx/a.xml', false],
  ['/w/a', '/w', false],
  ['/', '/w/a.xml', true],
  ['/', '/', true],
  ['/w', '/other', false],
  // Not plain: decided by path.relative, as before.
  ['/w/', '/w/a.xml', true],
  ['/w', '/w/', true],
  ['/w', '/w/../x', false],
  ['/w', '/w/./a', true],
  ['/w', '/w//a', true],
  ['/w', '/w/..hidden/a', false],
  ['/w', '/w/.git/config', true],
  ['/w/.cfg', '/w/.cfg/a', true],
  ['/w/.cfg', '/w/.cfgx', false],
];

describe('isInside', () => {
  for (const [root, path, inside] of cases) it(`${path} in ${root}: ${inside}`, () => assert.equal(isInside(root, path), inside));
});
