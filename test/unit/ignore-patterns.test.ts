import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ignoreMatcher } from '../../server/src/workspace/ignore-patterns';

const matches = (pattern: string, path: string): boolean => ignoreMatcher('/repo', [pattern])(`/repo/${path}`);

describe('ignorePatterns', () => {
  for (const [pattern, path, expected] of [
    ['legacy/', 'legacy/apiproxy/targets/a.xml', true],
    ['legacy', 'proxies/legacy/apiproxy/targets/a.xml', true],
    ['/legacy', 'proxies/legacy/apiproxy/targets/a.xml', false],
    ['proxies/*/apiproxy/targets/old.xml', 'proxies/p1/apiproxy/targets/old.xml', true],
    ['proxies/*/apiproxy/targets/old.xml', 'proxies/p1/x/apiproxy/targets/old.xml', false],
    ['**/test/targetServers.json', 'resources/edge/env/test/targetServers.json', true],
    ['*.xml', 'a/b/c.xml', true],
    ['c?.xml', 'a/c1.xml', true],
    ['a.b', 'axb', false],
    ['legacy/', 'legacy-new/a.xml', false],
  ] as const)
    it(`${pattern} ${expected ? 'matches' : 'does not match'} ${path}`, () => assert.equal(matches(pattern, path), expected));
  it('never matches outside its folder', () => assert.equal(ignoreMatcher('/repo', ['**'])('/elsewhere/a.xml'), false));
});
