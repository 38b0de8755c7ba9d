// A .tfvars file named alone on the command line is judged through the module folder that reads it (the nearest
// folder at or above it holding .tf files), as a .tf named alone is: the findings its values cause are reported in it.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { runCli } from '../../server/src/cli/main';
import { writeTree } from './support/tree';

async function lint(argv: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const out = { code: 0, stdout: '', stderr: '' };
  out.code = await runCli(argv, { stdout: (t) => (out.stdout += t), stderr: (t) => (out.stderr += t), cwd, isTTY: false });
  return out;
}

const repo = (): string =>
  writeTree({
    'infra/main.tf':
      'variable "protocols" {}\nresource "google_apigee_target_server" "ts" {\n  name   = "backend"\n  env_id = "org/environments/prod"\n' +
      '  host   = "backend.example.com"\n  port   = 443\n  s_sl_info {\n    enabled   = true\n    protocols = var.protocols\n  }\n}\n',
    'infra/envs/prod.tfvars': '# prod\nprotocols = ["TLSv1.1"]\n',
    'infra/envs/test.tfvars': 'protocols = ["TLSv1.2"]\n',
  });

describe('lint names a .tfvars file alone', () => {
  it("in a sub-folder of the module: its value's finding, at the value, and nothing of the module's own files", async () => {
    const { code, stdout } = await lint(['lint', '--format', 'json', 'infra/envs/prod.tfvars'], repo());
    const results = JSON.parse(stdout) as { filePath: string; messages: { ruleId: string; line: number; column: number }[] }[];
    assert.deepEqual(
      [
        code,
        results.map((r) => [r.filePath.replace(/^.*\/infra\//, 'infra/'), r.messages.map((m) => `${m.line}:${m.column} ${m.ruleId}`)]),
      ],
      [1, [['infra/envs/prod.tfvars', ['2:15 obsolete-protocol']]]],
    );
  });
  it('whose values are fine: nothing reported', async () => {
    const { code, stdout } = await lint(['lint', 'infra/envs/test.tfvars'], repo());
    assert.deepEqual([code, stdout], [0, '']);
  });
  it('--fix rewrites the value in it, nothing else', async () => {
    const root = repo();
    await lint(['lint', '--fix', 'infra/envs/prod.tfvars'], root);
    assert.deepEqual(
      [readFileSync(`${root}/infra/envs/prod.tfvars`, 'utf8'), readFileSync(`${root}/infra/main.tf`, 'utf8').includes('var.protocols')],
      ['# prod\nprotocols = ["TLSv1.2", "TLSv1.3"]\n', true],
    );
  });
});
