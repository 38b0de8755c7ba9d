// The capture engine needs no package: its modules import Node built-ins, each other, and the shared TLS names and
// judgement (tls/, diagnosis/) and the file-system boundary's primitive (fs/: regular files only, bounded), never
// lint, the probe or a host.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const engine = join(__dirname, '..', '..', 'server', 'src', 'capture');
const ALLOWED = /^(node:|\.\/[\w-]+$|\.\.\/(tls|diagnosis|fs|shared)\/)/;

for (const file of readdirSync(engine).filter((f) => f.endsWith('.ts'))) {
  test(`server/src/capture/${file} imports only node: built-ins, its own modules, tls/, diagnosis/, fs/ and shared/ (the wire's types)`, () => {
    const imports = [...readFileSync(join(engine, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    assert.deepEqual(
      imports.filter((i) => !ALLOWED.test(i)),
      [],
    );
  });
}
