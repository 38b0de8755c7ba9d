// Two organisations' configuration trees under one pom.xml (the Maven plugin's apigee.config.dir picks one at build
// time): each configuration root's environments stand apart, never merged, and findings name the root.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { checkSpans, expectSpans, json, loadBalanced, server, workspaceOf } from './support/tree';

const T = 'apiproxy/targets/default.xml';
const A = 'resources/org-a/env/test/targetServers.json';
const B = 'resources/org-b/env/test/targetServers.json';
const POM = { 'pom.xml': '<project/>' };

describe('several configuration roots under one pom.xml', () => {
  it('the same TargetServer in each root is no duplicate', () =>
    expectSpans('duplicate-definition', { ...POM, [A]: json([server('backend')]), [B]: json([server('backend')]) }));
  it('a duplicate within one root is still one, named with its root', () => {
    const [f] = checkSpans('duplicate-definition', {
      ...POM,
      [A]: '[{"name": "backend", "host": "h"}, {"name": "«backend»", "host": "i"}]',
      [B]: json([server('backend')]),
    });
    assert.equal(
      f!.message,
      "TargetServer 'backend' is defined again in environment test (resources/org-a) (first at targetServers.json:1).",
    );
  });
  it('a TargetServer one root lacks is missing there, named with the root (a warning)', () => {
    const [f] = checkSpans('unknown-target-server', {
      ...POM,
      [T]: loadBalanced('«backend»'),
      [A]: json([server('backend')]),
      [B]: json([server('other')]),
    });
    assert.equal(
      f!.message,
      "TargetServer 'backend' is missing in environment test (resources/org-b) (defined in environment test (resources/org-a)).",
    );
    assert.equal(f!.severity, 'warning');
  });
  it('one root keeps the plain environment names', () => {
    const { ws } = workspaceOf({ ...POM, [A]: json([server('backend')]) });
    assert.deepEqual(
      ws.allEnvironments().map((e) => e.label),
      ['test'],
    );
  });
  it('an environment is found by its label, or by its name and a file of its root', () => {
    const { root, ws } = workspaceOf({ ...POM, [A]: json([server('a')]), [B]: json([server('b')]) });
    assert.deepEqual(
      ws.allEnvironments().map((e) => [e.label, [...e.targetServers.keys()]]),
      [
        ['test (resources/org-a)', ['a']],
        ['test (resources/org-b)', ['b']],
      ],
    );
    assert.equal(ws.env(root, 'test (resources/org-b)')?.targetServers.has('b'), true);
    assert.equal(ws.env(root, 'test', join(root, B))?.targetServers.has('b'), true);
  });
});
