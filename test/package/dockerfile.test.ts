// The container image (Dockerfile), checked without a Docker daemon: its runtime stage's files, laid out as its COPY
// lines say, run the CLI on their own (no node_modules) from another folder, as `docker run -v "$PWD:/work"` does.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { test } from 'node:test';

const repo = resolve(__dirname, '../..');
const dockerfile = readFileSync(join(repo, 'Dockerfile'), 'utf8');
const runtime = dockerfile.slice(dockerfile.lastIndexOf('\nFROM '));

/** The runtime stage's `COPY --from=build /src/a /src/b ./dest` lines: [source in the repository, destination]. */
function copies(workdir: string): [string, string][] {
  return [...runtime.matchAll(/^COPY --from=build (.+) (\S+)$/gm)].flatMap(([, sources, dest]) =>
    sources!.split(' ').map((source): [string, string] => {
      const relative = source.replace(/^\/src\//, '');
      const target = dest!.endsWith('/') ? join(workdir, dest!, basename(relative)) : join(workdir, dest!);
      return [join(repo, relative), target];
    }),
  );
}

test(
  'Dockerfile: the runtime stage holds what the CLI needs, and the entry point runs it',
  { skip: !existsSync(join(repo, 'dist/cli.js')) && 'run `npm run build` first' },
  () => {
    const root = mkdtempSync(join(tmpdir(), 'docker-layout-'));
    try {
      const workdir = join(root, /^WORKDIR (\/opt\/\S+)$/m.exec(runtime)![1]!);
      for (const [source, target] of copies(workdir)) cpSync(source, target, { recursive: true });
      const entry = JSON.parse(/^ENTRYPOINT (.+)$/m.exec(runtime)![1]!) as string[];
      assert.equal(entry[0], 'node');
      const mounted = join(root, 'work');
      cpSync(join(repo, 'examples'), mounted, { recursive: true });
      const run = spawnSync(process.execPath, [join(root, entry[1]!), 'probe', 'https://orders.corp.invalid', '--format', 'json'], {
        cwd: mounted,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      assert.deepEqual([run.status, JSON.parse(run.stdout).causes[0].code], [1, 'dns-failure']);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  },
);

test("README: the docker lines are the Dockerfile's", () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  for (const line of [...dockerfile.matchAll(/^# {3}(docker .+)$/gm)].map((m) => m[1]!)) assert.ok(readme.includes(line), line);
});

test('Dockerfile: both stages start FROM the BASE argument, the public node:20-bookworm-slim by default', () => {
  assert.deepEqual(
    [/^ARG BASE=(\S+)$/m.exec(dockerfile)?.[1], [...dockerfile.matchAll(/^FROM (\S+)/gm)].map((m) => m[1])],
    ['node:20-bookworm-slim', ['${BASE}', '${BASE}']],
  );
});

test('README: the container check script is the one in scripts/', () => {
  const readme = readFileSync(join(repo, 'README.md'), 'utf8');
  assert.ok(existsSync(join(repo, 'scripts/check-container.sh')));
  assert.match(readme, /scripts\/check-container\.sh/);
});
