// Writes schemas/apigee-tls.schema.json from server/src/settings/config-schema.ts, formatted as Prettier formats it
// (the repository's `prettier --check` passes on the generated file).
// Usage: npx tsx scripts/gen-config-schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { configSchema } from '../server/src/settings/config-schema';

void (async () => {
  mkdirSync('schemas', { recursive: true });
  const path = 'schemas/apigee-tls.schema.json';
  writeFileSync(path, await format(JSON.stringify(configSchema(), null, 2), { parser: 'json', filepath: path }));
})();
