// Inferring Edge or X per bundle / environment folder from the evidence in its files (cases modelled on real
// repositories: NHS Digital Edge bundles, Apigee X samples, apigee-config-maven-plugin projects).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeDecision } from '../../server/src/workspace/profile-evidence';
import { inferenceRoot, inferProfile, ProfileResolver } from '../../server/src/workspace/profile';
import { memoryReader } from '../support/memory-files';

const proxy = (vhost: string): string =>
  `<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <BasePath>/v1</BasePath>\n    ${vhost}\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n`;
const target = (connection: string): string =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    ${connection}\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
const nhsTarget = target(
  '<SSLInfo><Enabled>true</Enabled></SSLInfo>\n    <LoadBalancer><Server name="{{ TARGET_SERVER }}"/></LoadBalancer>',
);

/** The profile, whether decided, and the evidence kinds for the bundle `/r/apiproxy` holding `files`. */
function judge(files: Record<string, string>, root = '/r/apiproxy'): [string, boolean, string[]] {
  const d = inferProfile(root, memoryReader(files), { boundary: '/r' });
  return [d.profile, d.decided, d.evidence.map((e) => `${e.runtime}:${e.kind}`).sort()];
}

describe('profile inference', () => {
  it('an NHS Digital bundle binding the secure virtual host is Edge', () =>
    assert.deepEqual(
      judge({ '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'), '/r/apiproxy/targets/target.xml': nhsTarget }),
      ['edge', true, ['edge:virtual-host']],
    ));
  it('a commented-out VirtualHost is no evidence', () =>
    assert.deepEqual(judge({ '/r/apiproxy/proxies/default.xml': proxy('<!-- <VirtualHost>secure-mtls</VirtualHost> -->') }), [
      'apigeex',
      false,
      [],
    ]));
  it('Enforce in SSLInfo is X', () =>
    assert.deepEqual(
      judge({
        '/r/apiproxy/targets/default.xml': target(
          '<SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce></SSLInfo><URL>https://a.b</URL>',
        ),
      }),
      ['apigeex', true, ['apigeex:enforce']],
    ));
  it('Google authentication outweighs a leftover VirtualHost', () =>
    assert.deepEqual(
      judge({
        '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>default</VirtualHost>'),
        '/r/apiproxy/targets/default.xml': target(
          '<Authentication><GoogleIDToken><Audience>https://svc-abc.a.run.app</Audience></GoogleIDToken></Authentication><URL>https://svc-abc.a.run.app</URL>',
        ),
      }),
      ['apigeex', true, ['apigeex:google-auth', 'apigeex:google-target', 'edge:virtual-host']],
    ));
  it('a gRPC method path is X', () =>
    assert.deepEqual(
      judge({
        '/r/apiproxy/targets/default.xml': target(
          '<LoadBalancer><Server name="grpc-server"/></LoadBalancer><Path>/helloworld.Greeter/SayHello</Path>',
        ),
      }),
      ['apigeex', true, ['apigeex:grpc']],
    ));
  it('a Node.js ScriptTarget is Edge', () =>
    assert.deepEqual(
      judge({
        '/r/apiproxy/targets/default.xml':
          '<TargetEndpoint name="default"><ScriptTarget><ResourceURL>node://server.js</ResourceURL></ScriptTarget></TargetEndpoint>',
      }),
      ['edge', true, ['edge:node-target']],
    ));
  it('an Edge cloud host is Edge; mocktarget.apigee.net (used by X samples too) is not', () => {
    assert.deepEqual(judge({ '/r/apiproxy/targets/default.xml': target('<URL>https://myorg-test.apigee.net/v1/backend</URL>') }), [
      'edge',
      true,
      ['edge:apigee-net'],
    ]);
    assert.deepEqual(judge({ '/r/apiproxy/targets/default.xml': target('<URL>https://mocktarget.apigee.net/json</URL>') }), [
      'apigeex',
      false,
      [],
    ]);
  });
  it('a Google Cloud host name is a hint: a VirtualHost binding outweighs it', () =>
    assert.deepEqual(
      judge({
        '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
        '/r/apiproxy/targets/default.xml': target('<URL>https://firestore.googleapis.com/v1</URL>'),
      }),
      ['edge', true, ['apigeex:google-target', 'edge:virtual-host']],
    ));
  it('googleapis.com and run.app never beat VirtualHost bindings and an Edge Maven plugin', () => {
    const d = inferProfile(
      '/r/apiproxy',
      memoryReader({
        '/r/pom.xml': '<project><plugin><artifactId>apigee-edge-maven-plugin</artifactId><version>1.1.5</version></plugin></project>',
        '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>default</VirtualHost><VirtualHost>secure</VirtualHost>'),
        '/r/apiproxy/targets/a.xml': target('<URL>https://bigquery.googleapis.com/v2</URL>'),
        '/r/apiproxy/targets/b.xml': target('<URL>https://svc-abc.a.run.app/</URL>'),
      }),
      { boundary: '/r' },
    );
    assert.deepEqual([d.profile, d.decided], ['edge', true]);
    assert.equal(
      describeDecision(d),
      'Apigee Edge (inferred from a VirtualHost binding (default; Apigee X ignores virtual hosts) in proxies/default.xml; apigee-edge-maven-plugin 1.1.5 (the 1.x line deploys to Edge) in ../pom.xml, over a Google Cloud target (googleapis.com) in targets/a.xml)',
    );
  });
  it('a tie with Edge-only evidence is Edge: an Edge Maven plugin against an Enforce', () =>
    assert.deepEqual(
      judge({
        '/r/pom.xml': '<project><plugin><artifactId>apigee-config-maven-plugin</artifactId><version>1.4.0</version></plugin></project>',
        '/r/apiproxy/targets/default.xml': target(
          '<SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce></SSLInfo><URL>https://a.b</URL>',
        ),
      }),
      ['edge', true, ['apigeex:enforce', 'edge:maven-plugin']],
    ));
  it('no tie: Enforce weighs twice a VirtualHost and an Edge cloud host name', () =>
    assert.deepEqual(
      judge({
        '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
        '/r/apiproxy/targets/default.xml': target(
          '<SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce></SSLInfo><URL>https://myorg-prod.apigee.net/v1</URL>',
        ),
      }),
      ['apigeex', true, ['apigeex:enforce', 'edge:apigee-net', 'edge:virtual-host']],
    ));
  it('a leftover VirtualHost in an X template (Enforce, the X layout) is weak', () =>
    assert.deepEqual(
      judge(
        {
          '/r/src/main/apigee/apiproxies/p/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
          '/r/src/main/apigee/apiproxies/p/apiproxy/targets/default.xml': target(
            '<SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce></SSLInfo><URL>https://a.b</URL>',
          ),
        },
        '/r/src/main/apigee/apiproxies/p/apiproxy',
      ),
      ['apigeex', true, ['apigeex:enforce', 'apigeex:x-layout', 'edge:virtual-host']],
    ));
  it('X-only policies are X', () =>
    assert.deepEqual(
      judge({ '/r/apiproxy/policies/DC-Collect.xml': '<?xml version="1.0"?>\n<DataCapture name="DC-Collect"><Capture/></DataCapture>' }),
      ['apigeex', true, ['apigeex:x-policy']],
    ));
  it('apigee-config-maven-plugin 1.x in the pom above is Edge, 2.x is X', () => {
    const pom = (v: string): string =>
      `<project><build><plugins><plugin>\n<groupId>com.apigee.edge.config</groupId>\n<artifactId>apigee-config-maven-plugin</artifactId>\n<version>${v}</version></plugin></plugins></build></project>`;
    assert.deepEqual(judge({ '/r/pom.xml': pom('1.5.5'), '/r/apiproxy/proxies/default.xml': proxy('') }), [
      'edge',
      true,
      ['edge:maven-plugin'],
    ]);
    assert.deepEqual(judge({ '/r/pom.xml': pom('2.4.1'), '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>') }), [
      'apigeex',
      true,
      ['apigeex:maven-plugin', 'edge:virtual-host'],
    ]);
  });
  it('edge.json with caches or virtualHosts is Edge', () =>
    assert.deepEqual(
      judge({
        '/r/edge.json': '{"envConfig": {"test": {"caches": [{"name": "c"}], "targetServers": []}}}',
        '/r/apiproxy/proxies/default.xml': proxy(''),
      }),
      ['edge', true, ['edge:edge-config']],
    ));
  // swilliams11/apigee-hybrid-terraform: main.tf creates the hybrid environment; its bundle binds 'default' (was Edge).
  it("the repository's Terraform creating google_apigee_* above the bundle outweighs a VirtualHost binding", () =>
    assert.deepEqual(
      judge(
        {
          '/r/main.tf': 'resource "google_apigee_environment" "e" {\n}\n',
          '/r/p/apiproxy/proxies/default.xml': proxy('<VirtualHost>default</VirtualHost>'),
        },
        '/r/p/apiproxy',
      ),
      ['apigeex', true, ['apigeex:terraform-google', 'edge:virtual-host']],
    ));
  it('the src/main/apigee layout is X', () =>
    assert.deepEqual(
      judge({ '/r/src/main/apigee/apiproxies/p/apiproxy/proxies/default.xml': proxy('') }, '/r/src/main/apigee/apiproxies/p/apiproxy'),
      ['apigeex', true, ['apigeex:x-layout']],
    ));
  it('nothing to go on: X, undecided, and the description says how to settle it', () => {
    const d = inferProfile('/r/apiproxy', memoryReader({ '/r/apiproxy/proxies/default.xml': proxy('') }), { boundary: '/r' });
    assert.deepEqual([d.profile, d.decided], ['apigeex', false]);
    assert.match(describeDecision(d), /undecided.*no Edge or X evidence.*\.apigee-tls\.json/);
  });
  it('.apigee-tls.json in or above the bundle forces the profile', () => {
    const files = {
      '/r/.apigee-tls.json': '{ "profile": "edge" }',
      '/r/apiproxy/targets/default.xml': target('<SSLInfo><Enforce>true</Enforce></SSLInfo><URL>https://a.b</URL>'),
    };
    const d = inferProfile('/r/apiproxy', memoryReader(files), { boundary: '/r' });
    assert.deepEqual([d.profile, d.decided, d.override], ['edge', true, '../.apigee-tls.json']);
    assert.equal(describeDecision(d), 'Apigee Edge (set by ../.apigee-tls.json)');
  });
  it('a malformed override is no override', () =>
    assert.deepEqual(
      judge({
        '/r/.apigee-tls.json': '{ "profile": "opdk" }',
        '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
      }),
      ['edge', true, ['edge:virtual-host']],
    ));
  it('nothing above the boundary is read', () => {
    const reader = memoryReader({ '/pom.xml': '<project/>', '/r/apiproxy/proxies/default.xml': proxy('') });
    inferProfile('/r/apiproxy', reader, { boundary: '/r' });
    assert.ok(!reader.reads.includes('/pom.xml'), reader.reads.join(', '));
  });
});

describe('profile inference on hostile files', () => {
  it('reads a megabyte of dotted words, open SSLInfo tags and a binary file without trouble', () => {
    const files = {
      '/r/apiproxy/policies/dots.xml': `<Javascript>${'a.'.repeat(400_000)}</Javascript>`,
      '/r/apiproxy/policies/ssl.xml': `<ServiceCallout>${'<SSLInfo> '.repeat(90_000)}<Enforce>true</Enforce></ServiceCallout>`,
      '/r/apiproxy/targets/bin.xml': '\u0000\uFFFD<<<>>>\u0001'.repeat(10_000),
    };
    assert.deepEqual(judge(files), ['apigeex', true, ['apigeex:enforce']]);
  });
});

describe('profile inference for environment folders', () => {
  const envFiles = {
    '/p/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure-two-way</VirtualHost>'),
    '/p/resources/edge/env/test/targetServers.json':
      '[{"name": "ts", "host": "b.example.com", "port": 443, "sSLInfo": {"enabled": "true"}}]',
  };
  it('an environment folder follows the bundles of its project', () => {
    const d = inferProfile('/p/resources/edge/env/test', memoryReader(envFiles), { boundary: '/p' });
    assert.deepEqual([d.profile, d.decided, d.evidence.map((e) => e.kind)], ['edge', true, ['project-bundles']]);
  });
  it('edge.json in the project folder, beside pom.xml and the bundle: the plugin and the bundle decide, as for the bundle', () => {
    const d = inferProfile(
      '/p',
      memoryReader({
        '/p/pom.xml': '<project><plugin><artifactId>apigee-edge-maven-plugin</artifactId><version>1.1.5</version></plugin></project>',
        '/p/edge.json':
          '{"version": "1.0", "envConfig": {"test": {"targetServers": [{"name": "ts", "host": "h", "port": 443, "sSLInfo": {"enabled": "true"}}]}}}',
        '/p/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
      }),
      { boundary: '/p' },
    );
    assert.deepEqual([d.profile, d.decided, d.evidence.map((e) => e.kind)], ['edge', true, ['maven-plugin', 'project-bundles']]);
  });
  it('virtualHosts.json beside the TargetServers is Edge', () => {
    const d = inferProfile('/e/env/test', memoryReader({ '/e/env/test/virtualHosts.json': '[]', '/e/env/test/targetServers.json': '[]' }), {
      boundary: '/e',
    });
    assert.deepEqual([d.profile, d.decided], ['edge', true]);
  });
  it('a GRPC_TARGET TargetServer is X', () => {
    const d = inferProfile(
      '/e/config',
      memoryReader({ '/e/config/targetservers.json': '[{"name": "g", "host": "h", "port": 443, "protocol": "GRPC_TARGET"}]' }),
      { boundary: '/e' },
    );
    assert.deepEqual([d.profile, d.decided], ['apigeex', true]);
  });
});

describe('inference roots and the resolver cache', () => {
  it('a bundle file is decided for its bundle, any other file for its folder', () => {
    assert.equal(inferenceRoot('/r/proxies/live/apiproxy/targets/t.xml'), '/r/proxies/live/apiproxy');
    assert.equal(inferenceRoot('/r/resources/edge/env/test/targetServers.json'), '/r/resources/edge/env/test');
  });
  it('decides once per bundle, and again after a file of that bundle changed', () => {
    const files: Record<string, string> = { '/r/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>') };
    const reader = memoryReader(files);
    const resolver = new ProfileResolver(reader, { boundary: '/r' });
    assert.equal(resolver.decisionFor('/r/apiproxy/targets/a.xml').profile, 'edge');
    const reads = reader.reads.length;
    assert.equal(resolver.decisionFor('/r/apiproxy/policies/b.xml').profile, 'edge');
    assert.equal(reader.reads.length, reads, 'the second file of the bundle reuses the decision');
    files['/r/apiproxy/targets/a.xml'] = target('<SSLInfo><Enforce>true</Enforce></SSLInfo><URL>https://a.b</URL>');
    files['/r/apiproxy/proxies/default.xml'] = proxy('');
    resolver.changed('/r/apiproxy/targets/a.xml');
    assert.equal(resolver.decisionFor('/r/apiproxy/targets/a.xml').profile, 'apigeex');
  });

  describe('what a change makes stale', () => {
    // Two bundles judged Edge by their virtual hosts, two environment folders judged Edge by those bundles.
    const ROOTS = ['/p/a/apiproxy/x.xml', '/p/b/apiproxy/x.xml', '/p/resources/edge/env/test/x.json', '/p/resources/edge/env/prod/x.json'];
    /** After every decision was made and `change` reported: the decisions asked again (`?`: undecided) and the reads. */
    const after = (change: (files: Record<string, string>) => string | string[]): { profiles: string[]; read: string[] } => {
      const files: Record<string, string> = {
        '/p/a/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
        '/p/b/apiproxy/proxies/default.xml': proxy('<VirtualHost>secure</VirtualHost>'),
        '/p/resources/edge/env/test/targetServers.json': '[{"name": "ts", "host": "h", "port": 443}]',
        '/p/resources/edge/env/prod/targetServers.json': '[{"name": "ts", "host": "h", "port": 443}]',
      };
      const reader = memoryReader(files);
      const resolver = new ProfileResolver(reader, { boundary: '/p' });
      for (const file of ROOTS) resolver.decisionFor(file);
      for (const file of [change(files)].flat()) resolver.changed(file);
      reader.reads.length = 0;
      const profiles = ROOTS.map((file) => resolver.decisionFor(file)).map((d) => `${d.profile}${d.decided ? '' : '?'}`);
      return { profiles, read: reader.reads };
    };
    it('an environment JSON re-decides its folder only, with what the file now says, reading that folder only', () => {
      const { profiles, read } = after((files) => {
        files['/p/resources/edge/env/test/targetServers.json'] = '[{"name": "ts", "host": "h", "port": 443, "protocol": "GRPC_TARGET"}]';
        return '/p/resources/edge/env/test/targetServers.json';
      });
      assert.deepEqual(profiles, ['edge', 'edge', 'apigeex', 'edge']);
      // Of the bundles and the other folder nothing is read again: the folder consults the bundles' cached decisions.
      assert.deepEqual(
        read.filter((r) => r.includes('/apiproxy/') || r.includes('/env/prod/')),
        [],
      );
      assert.ok(read.includes('/p/resources/edge/env/test/targetServers.json'));
    });
    it('a bundle file re-decides its bundle and the environment folders, which follow the bundles', () => {
      const { profiles } = after((files) => {
        files['/p/a/apiproxy/proxies/default.xml'] = proxy('');
        files['/p/a/apiproxy/targets/t.xml'] = target('<SSLInfo><Enforce>true</Enforce></SSLInfo><URL>https://a.b</URL>');
        return '/p/a/apiproxy/targets/t.xml';
      });
      assert.deepEqual(profiles, ['apigeex', 'edge', 'apigeex?', 'apigeex?']);
    });
    it('a pom.xml re-decides every bundle and folder below it', () => {
      const { profiles } = after((files) => {
        files['/p/pom.xml'] =
          '<project><plugin><artifactId>apigee-config-maven-plugin</artifactId><version>2.5.0</version></plugin></project>';
        return '/p/pom.xml';
      });
      assert.deepEqual(profiles, ['apigeex', 'apigeex', 'apigeex', 'apigeex']);
    });
    it('a .tf file creating google_apigee_* resources re-decides every bundle and folder below it', () => {
      const { profiles } = after((files) => {
        files['/p/main.tf'] = 'resource "google_apigee_environment" "e" {\n}\n';
        return '/p/main.tf';
      });
      assert.deepEqual(profiles, ['apigeex', 'apigeex', 'apigeex', 'apigeex']);
    });
    it('a file no decision reads changes nothing', () => {
      const { profiles, read } = after((files) => {
        files['/p/a/apiproxy/resources/jsc/notes.txt'] = '<VirtualHost>secure</VirtualHost>';
        return '/p/a/apiproxy/resources/jsc/notes.txt';
      });
      assert.deepEqual([profiles, read], [['edge', 'edge', 'edge', 'edge'], []]);
    });
    it('bundle folders that went (no extension) re-decide those bundles and the environment folders', () => {
      const { profiles } = after((files) => {
        for (const path of Object.keys(files)) if (path.includes('/apiproxy/')) Reflect.deleteProperty(files, path);
        return ['/p/a', '/p/b'];
      });
      assert.deepEqual(profiles, ['apigeex?', 'apigeex?', 'apigeex?', 'apigeex?']);
    });
  });
});
