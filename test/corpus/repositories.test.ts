// Whole repositories of the corpus (rows of kind `repository` in test/corpus/data/MANIFEST.tsv: bundles with the
// environment configuration they resolve against), each linted as a user would: `lint <folder>`, under the profile
// inferred per bundle and folder. Every finding is pinned: the ones judged right by reading the files (issue 16)
// must stay, and any other that appears shows in review.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { CORPUS_DIR } from '../support/corpus';

interface FileResult {
  filePath: string;
  messages: { ruleId: string; line: number; column: number }[];
}

/** `file line:column rule` for every finding of `lint --format json <repository>`, relative to the repository. */
async function findings(repository: string): Promise<string[]> {
  const root = join(CORPUS_DIR, repository);
  let stdout = '';
  await runCli(['lint', '--format', 'json', root], { stdout: (t) => (stdout += t), stderr: () => undefined, cwd: root, isTTY: false });
  return (JSON.parse(stdout) as FileResult[]).flatMap((r) =>
    r.messages.map((m) => `${r.filePath.slice(root.length + 1)} ${m.line}:${m.column} ${m.ruleId}`),
  );
}

const count = (list: readonly string[], rule: string): number => list.filter((f) => f.endsWith(` ${rule}`)).length;

describe('whole repositories of the corpus', () => {
  it("ckulka: 6 store-not-reference and 6 unused-client-key (keyStore/keyAlias without clientAuthEnabled), in edge.json and the multi-file env; HelloWorld (Edge, plugin 1.x) bound to Edge Cloud's plain HTTP 'default'", async () => {
    const found = await findings('ckulka__apigee-config-maven-plugin');
    assert.deepEqual([found.length, count(found, 'store-not-reference'), count(found, 'unused-client-key')], [13, 6, 6]);
    assert.deepEqual(found, [
      'samples/APIandConfig/HelloWorld/apiproxy/proxies/default.xml 22:22 vhost-plain-http',
      'samples/EdgeConfig/edge.json 14:25 unused-client-key',
      'samples/EdgeConfig/edge.json 14:38 store-not-reference',
      'samples/EdgeConfig/edge.json 15:40 store-not-reference',
      'samples/EdgeConfig/edge.json 16:25 unused-client-key',
      'samples/EdgeConfig/edge.json 28:25 unused-client-key',
      'samples/EdgeConfig/edge.json 28:38 store-not-reference',
      'samples/EdgeConfig/edge.json 29:40 store-not-reference',
      'samples/EdgeConfig/edge.json 30:25 unused-client-key',
      'samples/EdgeConfig/resources/edge/env/test/targetServers.json 17:13 unused-client-key',
      'samples/EdgeConfig/resources/edge/env/test/targetServers.json 18:13 unused-client-key',
      'samples/EdgeConfig/resources/edge/env/test/targetServers.json 18:26 store-not-reference',
      'samples/EdgeConfig/resources/edge/env/test/targetServers.json 19:28 store-not-reference',
    ]);
  });
  it('pingstatus-cors-v1: the TLS TargetServer without a truststore, in test and prod (Edge); the commented-out LoadBalancer resolves nothing', async () =>
    assert.deepEqual(await findings('kurtkanaskie__pingstatus-cors-v1'), [
      'resources/edge/env/prod/targetServers.json 7:9 missing-truststore',
      'resources/edge/env/test/targetServers.json 7:9 missing-truststore',
    ]));
  it('ronoaldo: the two https URL targets without SSLInfo (X local development)', async () =>
    assert.deepEqual(await findings('ronoaldo__apigee-demos'), [
      'src/main/apigee/apiproxies/gcpreleases-v1/apiproxy/targets/bigquery.xml 30:10 missing-sslinfo',
      'src/main/apigee/apiproxies/gcpreleases-v1/apiproxy/targets/echo.xml 20:10 missing-sslinfo',
    ]));
  it('ssvaidyanathan: one enforce-not-set per environment for the TargetServer with neither enforce nor trustStore, and no second missing-truststore finding', async () =>
    assert.deepEqual(await findings('ssvaidyanathan__apigee-hybrid-ci-cd'), [
      'resources/edge/env/eval/targetServers.json 7:8 enforce-not-set',
      'resources/edge/env/prod/targetServers.json 7:8 enforce-not-set',
    ]));
  it('tyayers: nothing (a plain-HTTP TargetServer in the emulator shape)', async () =>
    assert.deepEqual(await findings('tyayers__apigee-local-dev-example'), []));
});
