// loadbalancer-sslinfo said by case once the model sees the TargetServers the LoadBalancer names.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { lintFile } from '../../server/src/workspace/lint-workspace';
import { json, server, workspaceOf } from './support/tree';

const T = 'apiproxy/targets/default.xml';
const env = (e: string): string => `resources/edge/env/${e}/targetServers.json`;
const target = (...names: string[]): string =>
  `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <SSLInfo>\n      <Enabled>true</Enabled>\n    </SSLInfo>\n` +
  `    <LoadBalancer>\n${names.map((n) => `      <Server name="${n}"/>`).join('\n')}\n    </LoadBalancer>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
const plain = (name: string): Record<string, unknown> =>
  Object.fromEntries(Object.entries(server(name)).filter(([key]) => key !== 'sSLInfo'));

function message(files: Record<string, string>): string | undefined {
  const { root, ws } = workspaceOf(files);
  const path = join(root, T);
  return lintFile(ws, path, files[T]!, {}).find((f) => f.ruleId === 'loadbalancer-sslinfo')?.message;
}

describe('loadbalancer-sslinfo, worded by what the TargetServers carry', () => {
  it('redundant when every TargetServer has its own sSLInfo', () =>
    assert.equal(
      message({ [T]: target('a', 'b'), [env('test')]: json([server('a'), server('b')]) }),
      "Redundant: TargetServers 'a', 'b' carry their own sSLInfo in environment test, which wins over this block. Remove it, or keep it in step.",
    ));
  it('the block turns TLS on where a TargetServer has no sSLInfo, naming it and the environments', () =>
    assert.match(
      message({ [T]: target('a'), [env('test')]: json([plain('a')]), [env('prod')]: json([server('a')]) })!,
      /^TargetServer 'a' \(environment test\) has no sSLInfo: this SSLInfo is what turns TLS on for it/,
    ));
  it('the per-file wording stays when no environment here defines the TargetServers', () =>
    assert.equal(
      message({ [T]: target('elsewhere'), [env('test')]: json([server('a')]) }),
      'SSLInfo beside a LoadBalancer: configure TLS on each TargetServer (its sSLInfo) instead.',
    ));
  it('and without any environment configuration', () =>
    assert.equal(
      message({ [T]: target('a') }),
      'SSLInfo beside a LoadBalancer: configure TLS on each TargetServer (its sSLInfo) instead.',
    ));
});
