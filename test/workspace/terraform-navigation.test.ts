// Navigation between bundles and Terraform: a `<Server name>`, `ref://`, keystore or KeyAlias of a bundle goes to the
// Terraform resource defining it in each environment (to the tfvars value, variable default or for_each key that
// produced a derived name); a Terraform name lists the bundle elements using it; hover says where and how each
// environment's definition was read; the view's plan lists the TargetServers a `.tf` file defines.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { definitionsOf, nameAt, namesAt, resolutionsOf, usesOf, type NameAt, type Place } from '../../server/src/workspace/navigation';
import { planFile } from '../../server/src/probe/plan-workspace';
import type { Workspace } from '../../server/src/workspace/workspace';
import { workspaceOf } from './support/tree';
import { MAIN, PROD, T, terraformWorkspace } from './support/terraform-navigation';

let root: string;
let ws: Workspace;
before(() => {
  ({ root, ws } = workspaceOf(terraformWorkspace));
});

const abs = (rel: string): string => join(root, rel);
const textOf = (rel: string): string => ws.facts(abs(rel))!.text;
/** The name at the `nth` occurrence of `needle` (its second character). */
const at = (rel: string, needle: string, nth = 0): NameAt | undefined => {
  let offset = -1;
  for (let i = 0; i <= nth; i++) offset = textOf(rel).indexOf(needle, offset + 1);
  assert.notEqual(offset, -1, needle);
  return nameAt(ws, abs(rel), offset + 1);
};
/** `file line:col 'text' env` (1-based line and column), sorted. */
const show = (places: Place[]): string[] =>
  places
    .map((p) => {
      const text = ws.facts(p.file)!.text;
      const before = text.slice(0, p.span.start).split('\n');
      const where = `${before.length}:${before.at(-1)!.length + 1}`;
      return `${p.file.slice(root.length + 1)} ${where} '${text.slice(p.span.start, p.span.end)}'${p.env ? ` ${p.env}` : ''}`;
    })
    .sort();
const defs = (rel: string, needle: string, nth = 0): string[] => show(definitionsOf(ws, abs(rel), at(rel, needle, nth)!));
const uses = (rel: string, needle: string, nth = 0): string[] => show(usesOf(ws, at(rel, needle, nth)!));

describe('Terraform: definitions from a bundle', () => {
  it('a Server name whose value a variable gave: the default (test) and the tfvars value (prod), one per environment', () =>
    assert.deepEqual(defs(T, 'backend'), [`${MAIN} 3:14 'backend' test`, `${PROD} 3:17 'backend' prod`]));
  it('a Server name a for_each gave: its map key', () => assert.deepEqual(defs(T, 'audit'), [`${MAIN} 17:16 'audit' test`]));
  it('ref:// to google_apigee_env_references', () => assert.deepEqual(defs(T, 'ref://'), [`${MAIN} 31:20 'ts-ref' test`]));
  it('a keystore to google_apigee_env_keystore', () => assert.deepEqual(defs(T, 'client'), [`${MAIN} 37:13 'client' test`]));
  it('a KeyAlias to its google_apigee_keystores_aliases_* resource', () =>
    assert.deepEqual(defs(T, 'mine'), [`${MAIN} 42:18 'mine' test`]));
});

describe('Terraform: references to the bundle', () => {
  const server = [`${T} 4:21 'backend'`];
  it('from the block label, in every environment its instances join', () => {
    assert.deepEqual(
      at(MAIN, '"backend" {')?.envs.map((e) => e.env),
      ['prod', 'test'],
    );
    assert.deepEqual(uses(MAIN, '"backend" {'), server);
  });
  it('from the name attribute, in the environments of both values it takes', () => {
    assert.deepEqual(
      at(MAIN, 'var.backend_name')?.envs.map((e) => e.env),
      ['prod', 'test'],
    );
    assert.deepEqual(uses(MAIN, 'var.backend_name'), server);
  });
  it('a label whose for_each names several TargetServers: every name', () => {
    const offset = textOf(MAIN).indexOf('"extra"') + 1;
    assert.deepEqual(
      namesAt(ws, abs(MAIN), offset).map((n) => `${n.name} ${n.envs.map((e) => e.env).join(',')}`),
      ['audit test', 'spare test'],
    );
    assert.equal(nameAt(ws, abs(MAIN), offset)?.name, 'audit');
  });
  it('from the tfvars value that gave the name', () => assert.deepEqual(uses(PROD, '"backend"'), server));
  it('from the variable default that gave the name', () => assert.deepEqual(uses(MAIN, '"backend"', 0), server));
  it('from a for_each key', () => assert.deepEqual(uses(MAIN, 'audit'), [`${T} 5:21 'audit'`]));
  it('a for_each key no bundle uses: none', () => assert.deepEqual(uses(MAIN, 'spare'), []));
  it('from a reference resource: the ref:// uses, in the bundle and in the TargetServer', () =>
    assert.deepEqual(uses(MAIN, '"ts-ref"'), [`${T} 9:19 'ref://ts-ref'`, `${MAIN} 13:20 'ref://ts-ref' test`]));
  it('a resource that is no Apigee entity: nothing', () => assert.equal(at(MAIN, '"env"'), undefined));
});

describe('Terraform: hover on <Server name>', () => {
  it('per environment: host, port, TLS, file:line and the tfvars file that gave values', () =>
    assert.deepEqual(resolutionsOf(ws, abs(T), at(T, 'backend')!), [
      {
        env: 'prod',
        lines: [
          'TargetServer `backend` → `prod.example.com:443`, TLS',
          'TrustStore: `ref://ts-ref`: no such reference',
          'defined in `terraform/main.tf:6` (Terraform: name from prod.tfvars; host from prod.tfvars)',
        ],
      },
      {
        env: 'test',
        lines: [
          'TargetServer `backend` → `test.example.com:443`, TLS',
          'TrustStore: `ref://ts-ref` → keystore `truststore` (not defined)',
          'defined in `terraform/main.tf:6` (Terraform: host from test.tfvars)',
        ],
      },
    ]));
  it('a for_each instance says its key', () =>
    assert.deepEqual(resolutionsOf(ws, abs(T), at(T, 'audit')!)[1], {
      env: 'test',
      lines: [
        'TargetServer `audit` → `audit.example.com:8443`, no sSLInfo',
        'defined in `terraform/main.tf:16` (Terraform: for_each key "audit")',
      ],
    }));
});

const NO_TLS = (name: string): string =>
  `TargetServer '${name}' has no sSLInfo: Apigee calls it over plain HTTP (add sSLInfo with enabled: true for TLS)`;

describe('Terraform: the TLS view lists the TargetServers a .tf file defines', () => {
  it('one per instance and environment', () =>
    assert.deepEqual(
      planFile(ws, abs(MAIN), { trusted: true, sniOff: false, profileOf: () => ({ profile: 'apigeex', why: 'test' }) })
        .map((p) => `${p.env} ${p.server} ${p.plan.probeable ? `${p.plan.request.host}:${p.plan.request.port}` : p.plan.reason}`)
        .sort(),
      [
        'prod backend prod.example.com:443',
        `test audit ${NO_TLS('audit')}`,
        'test backend test.example.com:443',
        `test plain ${NO_TLS('plain')}`,
        `test spare ${NO_TLS('spare')}`,
      ],
    ));
});
