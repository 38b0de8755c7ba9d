// The engine is used unchanged by the VS Code client: it must not import the editor or the language server.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';

const engine = join(__dirname, '..', '..', 'server', 'src', 'probe');

for (const file of readdirSync(engine).filter((f) => f.endsWith('.ts'))) {
  test(`server/src/probe/${file} imports neither vscode nor vscode-languageserver`, () => {
    const imports = [...readFileSync(join(engine, file), 'utf8').matchAll(/from '([^']+)'/g)].map((m) => m[1]!);
    assert.deepEqual(
      imports.filter((i) => /^vscode/.test(i) || i.includes('/lsp/')),
      [],
    );
  });
}
