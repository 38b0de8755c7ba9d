// Writes schemas/apigee-tls.schema.json from server/src/settings/config-schema.ts.
// Usage: npx tsx scripts/gen-config-schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { format } from 'prettier';
import { configSchema } from '../server/src/settings/config-schema';

mkdirSync('schemas', { recursive: true });
// Formatted as `prettier --check .` (npm run lint) expects it.
void format(JSON.stringify(configSchema(), null, 2), { parser: 'json' }).then((text) =>
  writeFileSync('schemas/apigee-tls.schema.json', text),
);
