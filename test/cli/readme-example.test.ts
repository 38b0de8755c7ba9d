// README examples are the tool's own output: each `$ ./bin/apigee-tls-lint lint …` block in README.md is run from
// the repository's root and must print exactly what the block shows (stdout, then stderr), so the README never
// drifts from the tool. (The probe examples dial a live backend: their timings and ports cannot be replayed.)
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, it } from 'node:test';

const repo = resolve(__dirname, '../..');
const skip = !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first';
const readme = readFileSync(resolve(repo, 'README.md'), 'utf8');
const examples = [...readme.matchAll(/^```\n\$ (\.\/bin\/apigee-tls-lint lint [^\n]*)\n([\s\S]*?)^```$/gm)].map((m) => ({
  command: m[1]!,
  shown: m[2]!,
}));

describe('README lint examples are what the tool prints', { skip }, () => {
  it('there is at least one', () => assert.ok(examples.length > 0));
  for (const { command, shown } of examples)
    it(command, () => {
      const [bin, ...args] = command.split(' ');
      const run = spawnSync(process.execPath, [resolve(repo, bin!), ...args], {
        cwd: repo,
        encoding: 'utf8',
        env: { ...process.env, NO_COLOR: '1' },
      });
      assert.equal(run.stdout + run.stderr, shown);
    });
});
