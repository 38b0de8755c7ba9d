// A Terraform TargetServer's TLS finding lands where the offending value is written — the caller's module argument,
// a tfvars entry, a variable's default, a locals entry, a for_each map value — judged as part of that file, its
// message saying how the value flows into the TargetServer; the quick fix edits that place, only when it is a literal.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/lint/fix-all';
import type { Finding } from '../../server/src/lint/model';
import { lintFile } from '../../server/src/workspace/lint-workspace';
import { unmark } from '../support/lint-cases';
import { workspaceOf } from './support/tree';

const CHILD = 'terraform/modules/apigee/main.tf';
const ROOT = 'terraform/main.tf';

/** A TargetServer module whose TLS settings are inputs (defaults: TLSv1.2, ignore_validation_errors false). */
const child = (protocols = 'var.protocols', defaults = '["TLSv1.2"]'): string =>
  `variable "protocols" {\n  default = ${defaults}\n}\nvariable "ive" {\n  default = false\n}\nvariable "env" {\n  default = "prod"\n}\n` +
  'resource "google_apigee_target_server" "ts" {\n  name = "ts"\n  env_id = var.env\n  host = "h"\n  port = 443\n  s_sl_info {\n' +
  `    enabled = true\n    enforce = true\n    trust_store = "ref://ca"\n    protocols = ${protocols}\n    ignore_validation_errors = var.ive\n  }\n}\n`;
const call = (args: string): string => `module "apigee" {\n  source = "./modules/apigee"\n${args}}\n`;

/** The per-file findings of one rule in every file: exactly the «marked» spans; the findings with their file's text. */
function landings(ruleId: string, marked: Record<string, string>): { f: Finding; text: string }[] {
  const files = Object.fromEntries(Object.entries(marked).map(([p, t]) => [p, unmark(t)]));
  const { root, ws } = workspaceOf(Object.fromEntries(Object.entries(files).map(([p, u]) => [p, u.text])));
  const found = Object.entries(files).flatMap(([p, u]) =>
    lintFile(ws, join(root, p), u.text, {})
      .filter((f) => f.ruleId === ruleId)
      .map((f) => ({ p, f, text: u.text })),
  );
  const at = (p: string, text: string, a: number, b: number): string => `${p} '${text.slice(a, b)}'@${a}`;
  assert.deepEqual(
    found.map(({ p, f, text }) => at(p, text, f.span.start, f.span.end)).sort(),
    Object.entries(files)
      .flatMap(([p, u]) => u.spans.map(([a, b]) => at(p, u.text, a, b)))
      .sort(),
  );
  return found;
}

/** Each fix as `title: old→new` on the file's text. */
const fixesOf = ({ f, text }: { f: Finding; text: string }): string[] =>
  f.fixes.map((x) => `${x.title}: ${x.edits.map((e) => `${text.slice(e.start, e.end)}→${e.newText}`).join(', ')}`);

describe('Terraform TargetServer findings land where the value is written', () => {
  it("a list item passed by the caller: at the caller's argument, saying how it flows, the fix there", () => {
    const [found] = landings('obsolete-protocol', { [ROOT]: call('  protocols = ["«TLSv1.1»"]\n'), [CHILD]: child() });
    assert.match(
      found!.f.message,
      /\(module\.apigee\.google_apigee_target_server\.ts s_sl_info\.protocols, via module\.apigee → var\.protocols\)$/,
    );
    assert.deepEqual(fixesOf(found!), [
      'Replace TLSv1.1 with TLSv1.2 and TLSv1.3: TLSv1.1→TLSv1.2, →, "TLSv1.3"',
      'Replace TLSv1.1 with TLSv1.2: TLSv1.1→TLSv1.2',
    ]);
  });
  it("a boolean passed by the caller: at the caller's argument, the fix a boolean for a boolean", () => {
    const [found] = landings('ignore-validation-errors', { [ROOT]: call('  ive = «true»\n'), [CHILD]: child() });
    assert.match(found!.f.message, /via module\.apigee → var\.ive\)$/);
    assert.deepEqual(fixesOf(found!), ['Set ignore_validation_errors to false: true→false']);
  });
  it("the caller's tfvars entry, through the caller's variable", () =>
    void landings('obsolete-protocol', {
      'terraform/variables.tf': 'variable "protocols" {}\n',
      'terraform/terraform.tfvars': 'protocols = ["«TLSv1»", "TLSv1.2"]\n',
      [ROOT]: call('  protocols = var.protocols\n'),
      [CHILD]: child(),
    }));
  it('each tfvars variant at its own entry', () =>
    void landings('obsolete-protocol', {
      'terraform/variables.tf': 'variable "protocols" {}\n',
      'terraform/envs/dev.tfvars': 'protocols = ["«SSLv3»"]\n',
      'terraform/envs/prod.tfvars': 'protocols = ["TLSv1.2"]\n',
      [ROOT]: call('  protocols = var.protocols\n'),
      [CHILD]: child(),
    }));
  it("a variable's default no caller overrides: at the default", () =>
    void landings('obsolete-protocol', { [ROOT]: call(''), [CHILD]: child('var.protocols', '["«TLSv1.1»"]') }));
  it('a locals entry in another file of the module', () =>
    void landings('obsolete-protocol', {
      'terraform/modules/apigee/locals.tf': 'locals {\n  tls = ["«TLSv1»"]\n}\n',
      [ROOT]: call(''),
      [CHILD]: child('local.tls'),
    }));
  it('a for_each map value, in the same file', () =>
    void landings('obsolete-protocol', {
      [ROOT]:
        'resource "google_apigee_target_server" "ts" {\n  for_each = { a = "«TLSv1.1»", b = "TLSv1.2" }\n  name = each.key\n  env_id = "prod"\n  host = "h"\n  port = 443\n' +
        '  s_sl_info {\n    enabled = true\n    enforce = true\n    trust_store = "ref://ca"\n    protocols = [each.value]\n  }\n}\n',
    }));
  it('a value computed where it is written: the finding there, no fix', () => {
    const [found] = landings('obsolete-protocol', {
      [ROOT]: call('  protocols = [«format("TLSv%s", "1.1")»]\n'),
      [CHILD]: child(),
    });
    assert.deepEqual(fixesOf(found!), []);
  });
  it('two calls of the module: each at its own argument, none at the child', () =>
    void landings('ignore-validation-errors', {
      [ROOT]:
        call('  env = "dev"\n  ive = «true»\n') +
        call('  env = "test"\n  ive = false\n').replace('"apigee"', '"eu"') +
        call('  ive = «true»\n').replace('"apigee"', '"us"'),
      [CHILD]: child(),
    }));
});

describe('A protocols list with several obsolete entries: one quick fix, offered on each, cleans the whole list', () => {
  /** The preferred fix of each finding applied alone (the same text for every finding means one shared action). */
  const cleaned = (marked: string): string[] =>
    landings('obsolete-protocol', { [CHILD]: child(marked) }).map(
      ({ f, text }) =>
        applyEdits(text, f.fixes.find((x) => x.preferred)!.edits)
          .split('protocols = ')[1]!
          .split('\n    ignore')[0]!,
    );
  it('on one line, the comment after it kept', () =>
    assert.deepEqual(cleaned('["«TLSv1»", "«TLSv1.1»"] # old'), Array(2).fill('["TLSv1.2", "TLSv1.3"] # old')));
  it('one item a line, CRLF, a comment between items kept', () =>
    assert.deepEqual(
      cleaned('[\r\n      "«SSLv3»", # legacy\r\n      "«TLSv1.1»",\r\n      "TLSv1.2",\r\n    ]'),
      Array(2).fill('[\r\n      "TLSv1.3", # legacy\r\n      "TLSv1.2",\r\n    ]'),
    ));
  it('the last two items removed: the list closes after the replacement', () =>
    assert.deepEqual(cleaned('["«TLSv1»", "«TLSv1.1»", "«SSLv3»"]'), Array(3).fill('["TLSv1.2", "TLSv1.3"]')));
  it('two removed in the middle, a good one last', () =>
    assert.deepEqual(cleaned('["«TLSv1»", "«TLSv1.1»", "«SSLv3»", "TLSv1.2"]'), Array(3).fill('["TLSv1.3", "TLSv1.2"]')));
  it('its title says all it does', () =>
    assert.equal(
      landings('obsolete-protocol', { [CHILD]: child('["«TLSv1»", "«TLSv1.1»", "«SSLv3»"]') })[0]!.f.fixes[0]!.title,
      'Replace TLSv1 with TLSv1.2 and TLSv1.3, remove TLSv1.1, SSLv3',
    ));
});
