// loadbalancer-sslinfo said by case once the model sees the TargetServers the LoadBalancer names.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { LOADBALANCER_SSLINFO_UNKNOWN } from '../../server/src/lint/rules/loadbalancer-sslinfo';
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
  it('both possibilities when no environment here defines the TargetServers', () =>
    assert.equal(message({ [T]: target('elsewhere'), [env('test')]: json([server('a')]) }), LOADBALANCER_SSLINFO_UNKNOWN));
  it('and without any environment configuration', () => assert.equal(message({ [T]: target('a') }), LOADBALANCER_SSLINFO_UNKNOWN));
  it('the per-file wording says both: redundant beside an sSLInfo, what turns TLS on without one', () =>
    assert.equal(
      LOADBALANCER_SSLINFO_UNKNOWN,
      "SSLInfo beside a LoadBalancer, and no definition of the TargetServers it names was found, so which one governs TLS is not known here: a TargetServer's own sSLInfo wins over this block (then it is redundant), but for a TargetServer without one this block is what turns TLS on, and removing it breaks the call. Check each TargetServer's sSLInfo before removing this block, and configure TLS there.",
    ));
  it('one TargetServer defined with its sSLInfo, another not defined here: certain for the first, both for the other', () =>
    assert.equal(
      message({ [T]: target('a', 'elsewhere'), [env('test')]: json([server('a')]) }),
      "TargetServer 'a' carries its own sSLInfo in environment test, which wins over this block; TargetServer 'elsewhere' is not defined in this repository: if it has no sSLInfo, this block is what turns TLS on for it. Check before removing this block.",
    ));
});

describe('loadbalancer-sslinfo, worded with the Terraform attribute of the TargetServers', () => {
  const google = (name: string): string =>
    `resource "google_apigee_target_server" "${name}" {\n  name = "${name}"\n  env_id = "organizations/o/environments/test"\n  host = "h"\n  port = 443\n  s_sl_info {\n    enabled = true\n  }\n}\n`;
  const scastria =
    'terraform {\n  required_providers {\n    apigee = {\n      source = "scastria/apigee"\n    }\n  }\n}\n' +
    'resource "apigee_target_server" "a" {\n  environment_name = "test"\n  name = "a"\n  host = "h"\n  port = 443\n  ssl_enabled = true\n}\n';
  it('google: its own s_sl_info block', () =>
    assert.equal(
      message({ [T]: target('a', 'b'), 'tf/main.tf': google('a') + google('b') }),
      "Redundant: TargetServers 'a', 'b' carry their own s_sl_info block in environment test, which wins over this block. Remove it, or keep it in step.",
    ));
  it('google, another not defined here: the same attribute for it', () =>
    assert.equal(
      message({ [T]: target('a', 'elsewhere'), 'tf/main.tf': google('a') }),
      "TargetServer 'a' carries its own s_sl_info block in environment test, which wins over this block; TargetServer 'elsewhere' is not defined in this repository: if it has no s_sl_info block, this block is what turns TLS on for it. Check before removing this block.",
    ));
  it('scastria/apigee: its own TLS (ssl_enabled = true)', () =>
    assert.equal(
      message({ [T]: target('a'), 'tf/main.tf': scastria }),
      "Redundant: TargetServer 'a' carries its own TLS (ssl_enabled = true) in environment test, which wins over this block. Remove it, or keep it in step.",
    ));
});
