// action.yml, the composite GitHub Action this repository holds: it parses, every `${{ inputs.* }}` it uses is
// declared, and its run steps work here as the runner runs them (bash -eo pipefail, the expressions substituted,
// the job's workspace as the working directory). `uses:` steps (actions/setup-node) are GitHub's and are not run.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const repo = resolve(__dirname, '../..');
// js-yaml comes with mocha (a dev dependency); typed here by the one function used.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const yaml = require('js-yaml') as { load: (text: string) => unknown };

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  shell?: string;
  env?: Record<string, string>;
  'working-directory'?: string;
  with?: Record<string, string>;
}
interface Action {
  name: string;
  description: string;
  inputs: Record<string, { description: string; default: string }>;
  runs: { using: string; steps: Step[] };
}

const text = readFileSync(join(repo, 'action.yml'), 'utf8');
const action = yaml.load(text) as Action;
const skip = !existsSync(join(repo, 'dist/cli.js')) && 'run `npm run build` first';

/** `${{ inputs.x }}` and `${{ github.action_path }}` as the runner evaluates them; any other expression fails the test. */
function substitute(value: string, inputs: Record<string, string>): string {
  return value.replace(/\$\{\{\s*([\w.-]+)\s*\}\}/g, (_, expr: string) => {
    if (expr === 'github.action_path') return repo;
    const m = /^inputs\.([\w-]+)$/.exec(expr);
    assert.ok(m !== null && m[1]! in inputs, `unknown expression ${expr}`);
    return inputs[m[1]!]!;
  });
}

/** Runs the action's run steps in `workspace` with `given` inputs over the defaults; the last step's result. */
function runAction(workspace: string, given: Record<string, string>): { code: number | null; stdout: string; stderr: string } {
  const inputs = { ...Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, v.default])), ...given };
  let last = { code: 0 as number | null, stdout: '', stderr: '' };
  for (const step of action.runs.steps) {
    if (step.run === undefined) continue;
    const env = Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, substitute(v, inputs)]));
    const cwd = step['working-directory'] === undefined ? workspace : substitute(step['working-directory'], inputs);
    const run = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', substitute(step.run, inputs)], {
      cwd,
      env: { ...process.env, ...env, GITHUB_WORKSPACE: workspace },
      encoding: 'utf8',
    });
    last = { code: run.status, stdout: run.stdout, stderr: run.stderr };
    if (run.status !== 0) break;
  }
  return last;
}

describe('action.yml', () => {
  it('is a composite action whose run steps are bash and whose expressions name declared inputs', () => {
    assert.deepEqual(
      [action.name, action.runs.using, action.runs.steps.map((s) => s.uses ?? s.shell)],
      ['Apigee TLS Lint', 'composite', ['actions/setup-node@v4', 'bash', 'bash']],
    );
    const used = [...text.matchAll(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g)].map((m) => m[1]!);
    assert.deepEqual([...new Set(used)].sort(), Object.keys(action.inputs).sort());
  });
});

describe('action.yml run steps, here', { skip }, () => {
  const workspace = mkdtempSync(join(tmpdir(), 'apigee-tls-action-'));
  after(() => rmSync(workspace, { recursive: true, force: true }));

  it('SARIF to a file, for upload-sarif: exit 1 on the example bundle, each rule linked to its page', () => {
    const { code } = runAction(workspace, {
      paths: join(repo, 'examples/weather-proxy'),
      format: 'sarif',
      'output-file': 'apigee-tls.sarif',
    });
    assert.equal(code, 1);
    const sarif = JSON.parse(readFileSync(join(workspace, 'apigee-tls.sarif'), 'utf8')) as {
      runs: { results: { ruleId: string }[]; tool: { driver: { rules: { id: string; helpUri: string }[] } } }[];
    };
    const [run] = sarif.runs;
    assert.ok(run!.results.some((r) => r.ruleId === 'obsolete-protocol'));
    for (const rule of run!.tool.driver.rules) assert.ok(existsSync(fileURLToPath(rule.helpUri)), rule.helpUri);
  });

  it('a clean bundle with --max-warnings 0 through args: exit 0, the summary in the log', () => {
    writeFileSync(
      join(workspace, 'clean.xml'),
      '<TargetEndpoint name="t"><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled><Enforce>true</Enforce><TrustStore>ref://ts</TrustStore></SSLInfo><URL>https://api.example.com</URL></HTTPTargetConnection></TargetEndpoint>',
    );
    const { code, stdout, stderr } = runAction(workspace, { paths: 'clean.xml', args: '--max-warnings 0 --profile apigeex' });
    assert.deepEqual([code, stdout, stderr], [0, '', 'apigee-tls-lint: checked 1 file, 0 environments, 1 connection\n']);
  });

  it('nothing to check fails the job (exit 2), as every CI use should', () => {
    const { code, stderr } = runAction(workspace, { paths: 'missing-folder' });
    assert.deepEqual([code, /nothing to check|cannot read|does not exist/.test(stderr)], [2, true]);
  });
});
