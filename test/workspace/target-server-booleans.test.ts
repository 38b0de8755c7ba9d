// A TargetServer boolean is one fact (code review 3, finding 13): `"enabled": "TRUE"` is read as the management API
// reads it (true) by lint's TargetServer adapter, the model, the inventory and the probe plan alike; invalid-boolean
// still asks for the canonical spelling where it is written.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { planBundleFile } from '../../server/src/probe/plan-workspace';
import { inventory } from '../../server/src/workspace/inventory';
import { lintFile, lintWorkspace } from '../../server/src/workspace/lint-workspace';
import { json, loadBalanced, workspaceOf } from './support/tree';

const TS = 'resources/edge/env/test/targetServers.json';
const T = 'apiproxy/targets/default.xml';
const server = (name: string, enabled: unknown): Record<string, unknown> => ({
  name,
  host: 'api.example.com',
  port: 443,
  isEnabled: true,
  sSLInfo: { enabled, protocols: ['TLSv1'], commonName: { value: 'other.example.com' } },
});

/** The review's ws-enabled workspace: one LoadBalancer over `upper` and `lower`, which differ in the spelling only. */
function review(upper: unknown, lower: unknown = 'true') {
  const text = json([server('upper', upper), server('lower', lower)]);
  const { root, ws } = workspaceOf({ 'pom.xml': '<project/>', [T]: loadBalanced('upper', 'lower'), [TS]: text });
  const file = join(root, TS);
  /** Rule ids reported in the TargetServer file (its own lint and the cross-file rules), by the server they are in. */
  const findings = (name: string): string[] => {
    const start = text.indexOf(`"name": "${name}"`);
    const end = text.indexOf('"name": ', start + 1);
    return [...lintFile(ws, file, text, {}), ...(lintWorkspace(ws).get(file) ?? [])]
      .filter((f) => f.span.start >= start && (end < 0 || f.span.start < end))
      .map((f) => `${f.ruleId} '${text.slice(f.span.start, f.span.end)}'`)
      .sort();
  };
  const rows = (name: string) =>
    inventory(ws)
      .filter((r) => r.targetServer === name)
      .map((r) => ({ tls: r.tls, protocols: r.protocols }));
  /** The plan of the LoadBalancer's connection through the server, its name written as <server>. */
  const plan = (name: string): unknown => {
    const planned = planBundleFile(ws, join(root, T), {
      profileOf: () => ({ profile: 'apigeex', why: 'test' }),
      sniOff: false,
      trusted: true,
    }).find((p) => p.server === name);
    return JSON.parse(JSON.stringify(planned?.plan).replaceAll(`'${name}'`, '<server>'));
  };
  return { findings, rows, plan };
}

const TLS_FINDINGS = [
  "commonname-mismatch 'other.example.com'",
  `enforce-not-set '"sSLInfo"'`, // no enforce and no trustStore: one finding (missing-truststore stays silent)
  "obsolete-protocol 'TLSv1'",
];

describe('"enabled": "TRUE" is one fact', () => {
  const ws = review('TRUE');
  it('lint: the TLS findings of "true", and invalid-boolean at "TRUE"', () => {
    assert.deepEqual(ws.findings('lower'), TLS_FINDINGS);
    assert.deepEqual(ws.findings('upper'), [...TLS_FINDINGS, "invalid-boolean 'TRUE'"].sort());
  });
  it('inventory: TLS for both', () => assert.deepEqual(ws.rows('upper'), ws.rows('lower')));
  it('inventory: TLS with its protocols', () => assert.deepEqual(ws.rows('upper'), [{ tls: true, protocols: ['TLSv1'] }]));
  it('probe plan: the same for both', () => assert.deepEqual(ws.plan('upper'), ws.plan('lower')));
  it('probe plan: probeable', () => assert.equal((ws.plan('upper') as { probeable: boolean }).probeable, true));
});

describe('other spellings agree the same way', () => {
  const same = (a: unknown, b: unknown): void => {
    const ws = review(a, b);
    assert.deepEqual([ws.rows('upper'), ws.plan('upper')], [ws.rows('lower'), ws.plan('lower')]);
  };
  it('" True " and true (JSON boolean)', () => same(' True ', true));
  it('"FALSE" and false', () => same('FALSE', false));
  it('"yes": TLS unknown in the inventory, no TLS findings, invalid-boolean only', () => {
    const ws = review('yes');
    assert.deepEqual(ws.rows('upper'), [{ tls: 'unknown', protocols: ['TLSv1'] }]);
    assert.deepEqual(ws.findings('upper'), ["invalid-boolean 'yes'", "obsolete-protocol 'TLSv1'"]);
  });
});
