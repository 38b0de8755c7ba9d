// Writes package.json's contributes.configuration.properties and the settings an untrusted workspace may not
// set (capabilities.untrustedWorkspaces.restrictedConfigurations) from the settings modules (one source of truth).
// Usage: npx tsx scripts/sync-manifest.ts
import { readFileSync, writeFileSync } from 'node:fs';
import { configurationProperties, restrictedConfigurations } from '../server/src/settings';

const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as {
  contributes: { configuration: { properties: unknown } };
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};
manifest.contributes.configuration.properties = configurationProperties();
manifest.capabilities.untrustedWorkspaces.restrictedConfigurations = restrictedConfigurations();
writeFileSync('package.json', JSON.stringify(manifest, null, 2) + '\n');
