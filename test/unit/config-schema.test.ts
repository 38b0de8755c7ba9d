// The schema the extension registers for .apigee-tls.json is the one the registry builds, and package.json points
// VS Code at it (completion and validation while editing; the file is JSON with comments).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configSchema } from '../../server/src/settings/config-schema';
import { ALL_RULES } from '../../server/src/workspace/registry';

const root = join(__dirname, '../..');
const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
  contributes: { jsonValidation: Array<{ fileMatch: string; url: string }>; languages: Array<{ id: string; filenames: string[] }> };
};

describe('.apigee-tls.json schema', () => {
  it('the file is what the registry builds (npx tsx scripts/gen-config-schema.ts)', () =>
    assert.deepEqual(JSON.parse(readFileSync(join(root, 'schemas/apigee-tls.schema.json'), 'utf8')), configSchema()));
  it('lists every rule id', () =>
    assert.deepEqual(
      Object.keys((configSchema().properties as { rules: { properties: object } }).rules.properties),
      ALL_RULES.map((r) => r.id),
    ));
  it('is registered by the extension, for a file read as JSON with comments', () => {
    assert.deepEqual(manifest.contributes.jsonValidation, [{ fileMatch: '.apigee-tls.json', url: './schemas/apigee-tls.schema.json' }]);
    assert.ok(manifest.contributes.languages.some((l) => l.id === 'jsonc' && l.filenames.includes('.apigee-tls.json')));
  });
});
