// The rule docs (docs/rules/<id>.md) and the rules tables stay in step with the registry, and each page's
// examples, messages and suppression comments are what the engine really does.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { targetStates } from '../../scripts/gen-rules-table';
import { lintText } from '../../server/src/lint/lint';
import { PROFILES, type Finding, type Profile } from '../../server/src/lint/model';
import { RULES } from '../../server/src/lint/registry';
import { anyRuleById } from '../../server/src/workspace/registry';
import type { Rule } from '../../server/src/lint/rule';
import { computeLineStarts, lineOf } from '../../server/src/documents/lines';
import { sections } from '../support/markdown-sections';

const ROOT = resolve(__dirname, '..', '..');
const DOCS = join(ROOT, 'docs', 'rules');
const SECTIONS = ['Why it matters', 'Examples', 'Fix', 'Severity', 'apigeelint equivalent', 'Suppress', 'Settings'];

const page = (id: string): string => readFileSync(join(DOCS, `${id}.md`), 'utf8');
const pageIds = (): string[] =>
  readdirSync(DOCS)
    .filter((f) => f.endsWith('.md') && f !== 'README.md')
    .map((f) => f.slice(0, -3));

function section(markdown: string, name: string): string {
  const body = sections(markdown).get(name);
  assert.ok(body !== undefined, `no '## ${name}' section`);
  return body;
}

/** The XML examples of a section; a rule about JSON files (json-syntax) shows JSON ones instead. */
function xmlBlocks(markdown: string): string[] {
  const blocks = (language: string): string[] =>
    [...markdown.matchAll(new RegExp(`^\`\`\`${language}\\n([\\s\\S]*?)\\n\`\`\`$`, 'gm'))].map((m) => `${m[1]!}\n`);
  const xml = blocks('xml');
  return xml.length > 0 ? xml : blocks('json');
}

const enabledProfiles = (rule: Rule): Profile[] => PROFILES.filter((p) => rule.severity[p] !== 'off');
const findings = (text: string, profile: Profile, id?: string): Finding[] =>
  lintText(text, { profile }).filter((f) => id === undefined || f.ruleId === id);

/** `text` with `comment` on its own line before every line a finding starts on. */
function withCommentsBefore(text: string, found: readonly Finding[], comment: string): string {
  const starts = computeLineStarts(text);
  const lines = [...new Set(found.map((f) => lineOf(starts, f.span.start)))].sort((a, b) => b - a);
  let out = text;
  for (const line of lines) {
    const at = starts[line]!;
    const indent = /^[ \t]*/.exec(out.slice(at))![0];
    out = `${out.slice(0, at)}${indent}${comment}\n${out.slice(at)}`;
  }
  return out;
}

describe('rule docs', () => {
  it('every registry id has docs/rules/<id>.md titled # <id>', () => {
    for (const rule of RULES) {
      const first = page(rule.id).split('\n', 1)[0];
      assert.equal(first, `# ${rule.id}`, `docs/rules/${rule.id}.md title`);
    }
  });

  it('every doc page names a rule in the registry', () => {
    for (const id of pageIds()) {
      assert.ok(anyRuleById(id), `docs/rules/${id}.md documents no rule in the registry`);
      assert.equal(page(id).split('\n', 1)[0], `# ${id}`, `docs/rules/${id}.md title`);
    }
  });

  it('the rules tables are what the generator writes (npx tsx scripts/gen-rules-table.ts)', () => {
    const states = targetStates(ROOT);
    assert.ok(states.some((s) => s.path === 'docs/rules/README.md'));
    for (const state of states)
      assert.equal(state.current, state.expected, `${state.path} is out of date: run npx tsx scripts/gen-rules-table.ts`);
  });

  for (const rule of RULES) {
    describe(rule.id, () => {
      const text = (): string => page(rule.id);

      it('has every section, in order', () => {
        const found = [...sections(text()).keys()];
        assert.deepEqual(
          found.filter((s) => SECTIONS.includes(s)),
          SECTIONS,
        );
      });

      it('states the registry severity per profile', () => {
        const body = section(text(), 'Severity');
        for (const profile of PROFILES) assert.match(body, new RegExp(`^\\| ${profile} \\| ${rule.severity[profile]} \\|$`, 'm'));
      });

      it('names its apigeelint equivalents', () => {
        const body = section(text(), 'apigeelint equivalent');
        if (rule.apigeelint.length === 0) assert.match(body.trimStart(), /^None\./);
        for (const id of rule.apigeelint) assert.ok(body.includes(id), `mentions ${id}`);
      });

      it('shows the suppression comments and settings', () => {
        const suppress = section(text(), 'Suppress');
        assert.ok(suppress.includes(`<!-- apigee-tls-lint disable=${rule.id} -->`));
        if (rule.apigeelint.length > 0) assert.ok(suppress.includes(`<!-- apigeelint disable=${rule.apigeelint.join(',')} -->`));
        const settings = section(text(), 'Settings');
        assert.ok(settings.includes(`"apigeeTls.rules": { "${rule.id}": "off" }`));
        assert.ok(settings.includes(`--rule ${rule.id}=off`));
      });

      it('its failing example is flagged (by this rule only) with the messages the page quotes', () => {
        const [failing] = xmlBlocks(section(text(), 'Examples'));
        assert.ok(failing, 'a failing example');
        const [primary] = enabledProfiles(rule);
        assert.ok(primary);
        assert.deepEqual([...new Set(findings(failing, primary).map((f) => f.ruleId))], [rule.id]);
        for (const profile of enabledProfiles(rule)) {
          const reported = findings(failing, profile, rule.id);
          assert.ok(reported.length > 0, `reported on ${profile}`);
          for (const f of reported) assert.ok(text().includes(f.message), `the page quotes the ${profile} message: ${f.message}`);
        }
      });

      it('its passing example is clean', () => {
        const [, passing] = xmlBlocks(section(text(), 'Examples'));
        assert.ok(passing, 'a passing example');
        const [primary] = enabledProfiles(rule);
        assert.deepEqual(
          findings(passing, primary!).map((f) => `${f.ruleId}: ${f.message}`),
          [],
        );
        for (const profile of enabledProfiles(rule)) assert.deepEqual(findings(passing, profile, rule.id), [], profile);
      });

      it('the suppression comments it shows silence the failing example', () => {
        const [failing] = xmlBlocks(section(text(), 'Examples'));
        const [primary] = enabledProfiles(rule);
        const reported = findings(failing!, primary!, rule.id);
        const comments = [`<!-- apigee-tls-lint disable=${rule.id} -->`];
        if (rule.apigeelint.length > 0) comments.push(`<!-- apigeelint disable=${rule.apigeelint.join(',')} -->`);
        comments.push(...rule.apigeelint.map((id) => `<!-- apigeelint disable=${id} -->`));
        for (const comment of comments) {
          assert.deepEqual(findings(withCommentsBefore(failing!, reported, comment), primary!, rule.id), [], comment);
        }
      });
    });
  }
});
