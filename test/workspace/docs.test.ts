// The cross-file rules' docs pages: every section, the registry's severities, and examples that do what the
// page says (the files of each example are written to a folder and linted as a workspace).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { PROFILES } from '../../server/src/lint/model';
import { WORKSPACE_RULES } from '../../server/src/workspace/registry';
import { examples } from './support/doc-examples';
import { findingsOf } from './support/tree';
import { sections } from '../support/markdown-sections';

const DOCS = resolve(__dirname, '..', '..', 'docs', 'rules');
const SECTIONS = ['Why it matters', 'Examples', 'Fix', 'Severity', 'apigeelint equivalent', 'Suppress', 'Settings'];
/** Their examples need certificates made at test time (rules.test.ts covers them); the pages show the shape. */
const CERTIFICATE_EXAMPLES = new Set(['certificate-expired', 'certificate-expires-soon', 'key-certificate-mismatch', 'hybrid-certificate']);

const messages = (id: string, files: Record<string, string>): string[] => [...findingsOf(id, files).values()].flat().map((f) => f.message);

for (const rule of WORKSPACE_RULES) {
  describe(`docs/rules/${rule.id}.md`, () => {
    const page = readFileSync(join(DOCS, `${rule.id}.md`), 'utf8');
    const body = sections(page);
    it('is titled with the id and has every section, in order', () => {
      assert.equal(page.split('\n', 1)[0], `# ${rule.id}`);
      assert.deepEqual(
        [...body.keys()].filter((s) => SECTIONS.includes(s)),
        SECTIONS,
      );
    });
    it('states the registry severity per profile and the settings', () => {
      for (const profile of PROFILES)
        assert.match(body.get('Severity')!, new RegExp(`^\\| ${profile} \\| ${rule.severity[profile]} \\|$`, 'm'));
      assert.ok(body.get('Settings')!.includes(`"apigeeTls.rules": { "${rule.id}": "off" }`));
      assert.ok(body.get('Settings')!.includes(`--rule ${rule.id}=off`));
    });
    if (CERTIFICATE_EXAMPLES.has(rule.id)) return;
    const { flagged, passing, quoted } = examples(body.get('Examples')!);
    it('its flagged example is reported with the messages the page quotes', () => {
      const found = messages(rule.id, flagged);
      assert.ok(found.length > 0, 'reported');
      assert.deepEqual(found, quoted.split('\n'));
    });
    it('its passing example is clean', () => {
      assert.ok(Object.keys(passing).length > 0, 'a passing example');
      assert.deepEqual(messages(rule.id, passing), []);
    });
  });
}
