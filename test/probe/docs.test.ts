// Every cause code is documented in docs/probe.md with an anchor the VS Code diagnostics link to.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { ERROR_CODES, WARNING_CODES } from '../../server/src/diagnosis/causes';

const docs = readFileSync(join(__dirname, '..', '..', 'docs', 'probe.md'), 'utf8');

for (const code of [...ERROR_CODES, ...WARNING_CODES]) {
  test(`docs/probe.md documents ${code} under its own anchor`, () => assert.ok(docs.includes(`<a id="${code}"></a>\`${code}\``), code));
}
