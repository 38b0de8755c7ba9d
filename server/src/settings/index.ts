// Every `apigeeTls.*` setting: the manifest package.json contributes (scripts/sync-manifest.ts writes it from
// here, a test keeps them in step) and what an untrusted workspace may not set. The typed readers live beside:
// lint.ts (profile, rules, workspace lint, expiry days), probe.ts (`apigeeTls.probe.*`) clients.ts (`apigeeTls.clients.*`) and problems.ts (`apigeeTls.problems`).
import { clientsConfigurationProperties } from './clients';
import { lintConfigurationProperties } from './lint';
import { probeConfigurationProperties } from './probe';
import { problemsConfigurationProperties } from './problems';

export { restrictedConfigurations } from './probe';

/** The `contributes.configuration.properties` the extension declares. */
export function configurationProperties(): Record<string, unknown> {
  return {
    ...lintConfigurationProperties(),
    ...problemsConfigurationProperties(),
    ...probeConfigurationProperties(),
    ...clientsConfigurationProperties(),
  };
}
