// Discovery and resolution: the three layouts, keyed by (environment, name), queried and updated file by file.
import assert from 'node:assert/strict';
import { join, matchesGlob } from 'node:path';
import { describe, it } from 'node:test';
import { classify, ENVIRONMENT_CONFIG_GLOB, ENVIRONMENT_FILES_GLOB } from '../../server/src/workspace/layout';
import { resolveStore } from '../../server/src/workspace/resolve';
import { substitute } from '../../server/src/workspace/templates';
import { json, loadBalanced, server, workspaceOf } from './support/tree';

const targets = 'apiproxy/targets/default.xml';

describe('layout', () => {
  const role = (path: string): string | undefined => {
    const r = classify(path);
    return r === undefined
      ? undefined
      : [r.kind, 'env' in r ? r.env : '', 'section' in r ? r.section : ''].filter((s) => s !== '').join(' ');
  };
  it('reads Maven env files by their case-sensitive prefix, whatever follows', () => {
    assert.equal(role('/p/resources/edge/env/test/targetServers.json'), 'maven-env test targetServers');
    assert.equal(role('/p/resources/edge/env/test/targetServers-backend.json'), 'maven-env test targetServers');
    assert.equal(role('/p/config/env/prod/references.json'), 'maven-env prod references');
  });
  it('knows the plugin never reads a lower-case prefix', () =>
    assert.equal(role('/p/resources/edge/env/test/targetservers.json'), 'maven-ignored test targetServers'));
  it('reads Apigee X local environments', () =>
    assert.equal(role('/p/src/main/apigee/environments/dev/targetservers.json'), 'local-env dev targetServers'));
  it('reads apigeecli exports', () => assert.equal(role('/p/export/prod__targetservers.json'), 'apigeecli-export prod targetServers'));
  it('reads bundle XML and property files', () => {
    assert.equal(role('/p/apiproxy/targets/default.xml'), 'bundle-xml');
    assert.equal(role('/p/apiproxy/resources/properties/cfg.properties'), 'bundle-properties');
  });
  it('leaves other files to the edge.json test or out', () => {
    assert.equal(role('/p/edge.json'), 'json');
    assert.equal(role('/p/README.md'), undefined);
  });
  // The editor syncs configuration documents (ENVIRONMENT_CONFIG_GLOB) and reports changes of them and of what
  // they name (ENVIRONMENT_FILES_GLOB); VS Code's globs are case-sensitive.
  const config = [
    'resources/edge/env/test/targetServers.json',
    'resources/edge/env/test/targetServers-backend.json',
    'resources/edge/env/test/targetservers.json',
    'resources/edge/env/test/keystores.json',
    'resources/edge/env/test/aliases-mtls.json',
    'resources/edge/env/test/references.json',
    'resources/edge/env/test/resourcefiles.json',
    'resources/edge/env/test/virtualHosts.json',
    'edge.json',
    'src/main/apigee/environments/dev/targetservers.json',
    'src/main/apigee/environments/dev/keystores.json',
    'src/main/apigee/environments/dev/references.json',
    'src/main/apigee/environments/dev/deployments.json',
    'export/prod__targetservers.json',
    'export/prod__keystores.json',
    'export/prod__references.json',
    'export/prod__virtualhosts.json',
    'config/vhosts/prod/secure-virtualHost.json',
  ];
  for (const path of config)
    it(`${path}: an environment configuration document`, () => {
      assert.notEqual(classify(`/p/${path}`), undefined);
      assert.ok(matchesGlob(path, ENVIRONMENT_CONFIG_GLOB), 'config glob');
      assert.ok(matchesGlob(path, ENVIRONMENT_FILES_GLOB), 'watched');
    });
  for (const path of ['certs/ca.pem', 'keys/client.key', 'certs/client.p12', 'resources/properties/cfg.properties'])
    it(`${path}: watched, not a configuration document`, () => {
      assert.ok(!matchesGlob(path, ENVIRONMENT_CONFIG_GLOB), 'config glob');
      assert.ok(matchesGlob(path, ENVIRONMENT_FILES_GLOB), 'watched');
    });
  it('package.json is neither', () => assert.ok(!matchesGlob('package.json', ENVIRONMENT_FILES_GLOB)));
});

describe('the three layouts', () => {
  it('Maven multi-file: TargetServers per env folder, relative to the pom', () => {
    const { root, ws } = workspaceOf({
      'pom.xml': '<project/>',
      [targets]: loadBalanced('ts1'),
      'resources/edge/env/test/targetServers.json': json([server('ts1', { host: 'test.example.com' })]),
      'resources/edge/env/prod/targetServers.json': json([server('ts1', { host: 'prod.example.com' })]),
    });
    const envs = ws.environmentsOf(join(root, targets));
    assert.deepEqual(
      envs.map((e) => [e.env, e.targetServers.get('ts1')?.[0]?.host?.value, e.base === root]),
      [
        ['prod', 'prod.example.com', true],
        ['test', 'test.example.com', true],
      ],
    );
  });
  it('edge.json, recognised by its keys', () => {
    const { root, ws } = workspaceOf({
      [targets]: loadBalanced('ts1'),
      'apigee-config.json': json({
        envConfig: { test: { targetServers: [server('ts1')], references: [{ name: 'r', refers: 'ks' }], keystores: [{ name: 'ks' }] } },
      }),
    });
    const [test] = ws.environmentsOf(join(root, targets));
    assert.equal(test?.env, 'test');
    const resolved = resolveStore(test!, 'ref://r');
    assert.equal(resolved.kind === 'reference' && resolved.keystore?.name, 'ks');
  });
  it('an edge.json of Microsoft Edge settings is not configuration', () => {
    const { ws } = workspaceOf({ 'edge.json': json({ homepage: 'x', envConfigX: {} }) });
    assert.deepEqual(ws.allEnvironments(), []);
  });
  it('Apigee X local development: environments/<env>/targetservers.json and deployments.json', () => {
    const base = 'src/main/apigee';
    const { root, ws } = workspaceOf({
      [`${base}/apiproxies/a/apiproxy/targets/default.xml`]: loadBalanced('ts1'),
      [`${base}/apiproxies/b/apiproxy/targets/default.xml`]: loadBalanced('ts1'),
      [`${base}/environments/dev/targetservers.json`]: json([server('ts1')]),
      [`${base}/environments/dev/deployments.json`]: json({ proxies: ['a'] }),
    });
    assert.deepEqual(
      ws.environmentsOf(join(root, `${base}/apiproxies/a/apiproxy/targets/default.xml`)).map((e) => e.env),
      ['dev'],
    );
    assert.deepEqual(ws.environmentsOf(join(root, `${base}/apiproxies/b/apiproxy/targets/default.xml`)), []);
  });
  it('two repositories in one folder keep their environments apart', () => {
    const { root, ws } = workspaceOf({
      [`one/${targets}`]: loadBalanced('a'),
      'one/resources/edge/env/test/targetServers.json': json([server('a')]),
      [`two/${targets}`]: loadBalanced('b'),
      'two/resources/edge/env/test/targetServers.json': json([server('b')]),
    });
    assert.deepEqual([...ws.environmentsOf(join(root, `one/${targets}`))[0]!.targetServers.keys()], ['a']);
    assert.deepEqual([...ws.environmentsOf(join(root, `two/${targets}`))[0]!.targetServers.keys()], ['b']);
  });
  it('an env folder named by a build token is a template, not an environment', () => {
    const { ws } = workspaceOf({ 'resources/edge/env/@ENV_NAME@/targetServers.json': json([server('a')]) });
    assert.deepEqual(ws.allEnvironments(), []);
  });
});

describe('queries and updates', () => {
  it('who uses TargetServer T', () => {
    const { root, ws } = workspaceOf({
      [targets]: loadBalanced('ts1', 'ts2'),
      'apiproxy/targets/other.xml': loadBalanced('ts2'),
      'resources/edge/env/test/targetServers.json': json([server('ts1'), server('ts2')]),
    });
    const users = ws.usersOfTargetServer(ws.projectOf(join(root, targets))!, 'ts2').map((u) => u.file.slice(root.length + 1));
    assert.deepEqual(users.sort(), ['apiproxy/targets/default.xml', 'apiproxy/targets/other.xml']);
  });
  it('a changed file changes the answers, and a deleted one removes its entities', () => {
    const { root, ws } = workspaceOf({
      [targets]: loadBalanced('ts1'),
      'resources/edge/env/test/targetServers.json': json([server('ts1')]),
    });
    const file = join(root, 'resources/edge/env/test/targetServers.json');
    ws.setFile(file, json([server('renamed')]));
    assert.deepEqual([...ws.environmentsOf(join(root, targets))[0]!.targetServers.keys()], ['renamed']);
    ws.deleteFile(file);
    assert.deepEqual(ws.environmentsOf(join(root, targets)), []);
  });
  it('{propertyset.S.K}: the bundle set first, then the environment set', () => {
    const { root, ws } = workspaceOf({
      [targets]: loadBalanced('x'),
      'apiproxy/resources/properties/cfg.properties': 'host = bundle.example.com\n',
      'resources/edge/env/test/targetServers.json': json([server('x')]),
      'resources/edge/env/test/resourcefiles.json': json([{ name: 'env', type: 'properties', file: 'props/env.properties' }]),
      'props/env.properties': '# comment\nport: 8443\nmulti = a\\\n  b\n',
    });
    const [test] = ws.environmentsOf(join(root, targets));
    assert.equal(
      substitute(ws, join(root, targets), test, 'https://{propertyset.cfg.host}:{propertyset.env.port}/{propertyset.env.multi}'),
      'https://bundle.example.com:8443/ab',
    );
    assert.equal(substitute(ws, join(root, targets), test, 'https://{flow.host}'), undefined);
  });
});
