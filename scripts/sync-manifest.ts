// Writes package.json's contributes.configuration.properties from the settings module (one source of truth).
// Usage: npx tsx scripts/sync-manifest.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { configurationProperties } from '../server/src/lint/settings';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { contributes: { configuration: { properties: unknown } } };
manifest.contributes.configuration.properties = configurationProperties();
writeFileSync('package.json', JSON.stringify(manifest, null, 2) + '\n');
