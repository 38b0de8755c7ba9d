// Writes schemas/apigee-tls.schema.json from server/src/settings/config-schema.ts.
// Usage: npx tsx scripts/gen-config-schema.ts
import { mkdirSync, writeFileSync } from 'node:fs';
import { configSchema } from '../server/src/settings/config-schema';

mkdirSync('schemas', { recursive: true });
writeFileSync('schemas/apigee-tls.schema.json', JSON.stringify(configSchema(), null, 2) + '\n');
