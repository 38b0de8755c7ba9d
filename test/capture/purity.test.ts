// The capture reader is a pure engine with no dependency: its modules import Node built-ins and each other only.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const engine = join(__dirname, '..', '..', 'server', 'src', 'capture');

for (const file of readdirSync(engine).filter((f) => f.endsWith('.ts'))) {
  test(`server/src/capture/${file} imports only node: built-ins and its own modules`, () => {
    const imports = [...readFileSync(join(engine, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    assert.deepEqual(
      imports.filter((i) => !i.startsWith('node:') && !/^\.\/[\w-]+$/.test(i)),
      [],
    );
  });
}
