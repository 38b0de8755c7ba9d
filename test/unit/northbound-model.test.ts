// The NORTHBOUND section's wording (client/src/diagnose/northbound-model.ts): what each front door and its children
// say, and which hosts "Diagnose clients" dials from a node.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  diagnosableHosts,
  entryChildren,
  entryDescription,
  northboundByEnv,
  sectionDescription,
} from '../../client/src/diagnose/northbound-model';
import { withNorthbound } from '../../client/src/diagnose/tree-model';
import type { NorthboundEntry, NorthboundHost } from '../../server/src/shared/northbound-protocol';

const at = { uri: 'file:///ws/edge.json', range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } } };
const host = (name: string, target: string | null, note: string | null = null): NorthboundHost => ({ name, at, target, note });

function entry(over: Partial<NorthboundEntry>): NorthboundEntry {
  return {
    kind: 'virtual-host',
    env: 'prod',
    name: 'secure',
    at,
    port: 443,
    portNote: null,
    tls: 'one-way',
    hosts: [],
    keystore: null,
    keyAlias: null,
    aliasAt: null,
    certificates: [],
    proxies: [],
    settings: null,
    ...over,
  };
}

const edge = entry({
  port: 9443,
  tls: 'two-way',
  hosts: [host('api.example.com', 'api.example.com:9443'), host('{org}.example.com', null)],
  keystore: 'ref://ks',
  keyAlias: 'vh',
  aliasAt: at,
  certificates: [
    { subject: 'CN=api.example.com', notAfter: '2027-03-01T00:00:00.000Z', file: 'certs/api.crt' },
    { subject: 'CN=Issuing CA', notAfter: '2026-12-31T00:00:00.000Z', file: 'certs/api.crt' },
  ],
  proxies: [
    { name: 'orders', at },
    { name: 'payments', at },
  ],
});
const hybrid = entry({
  kind: 'hybrid',
  env: 'test',
  name: 'api-group',
  portNote: 'port 443, hybrid ingress default',
  hosts: [host('h.example.com', 'h.example.com:443', 'port 443, hybrid ingress default')],
});

describe('NORTHBOUND section wording', () => {
  it('an entry: port, TLS, the earliest expiry, proxies', () =>
    assert.equal(entryDescription(edge), ':9443 · two-way · certificate expires 2026-12-31 · 2 proxies'));
  it('hybrid: the port said to be the ingress default', () =>
    assert.equal(entryDescription(hybrid), ':443 (port 443, hybrid ingress default) · one-way'));
  it('no port known', () => assert.equal(entryDescription(entry({ port: null, tls: 'unknown' })), 'port unknown · unknown'));
  it('a section counts front doors and host names', () => assert.equal(sectionDescription([edge, hybrid]), '2 front doors · 3 host names'));
  it('entries grouped by environment in order', () =>
    assert.deepEqual([...northboundByEnv([edge, hybrid, entry({ env: null })]).keys()], ['prod', 'test', null]));
  it('an environment declared alone gets a node, with no front doors; one with front doors keeps them', () =>
    assert.deepEqual(
      withNorthbound([], northboundByEnv([edge]), ['solo', 'prod']).map(
        (e) => `${e.env} ${e.targets.length} ${e.northbound?.length ?? '-'}`,
      ),
      ['prod 0 1', 'solo 0 -'],
    ));
  it('children: hosts (dialled or not), keystore → alias with expiry, bound proxies', () =>
    assert.deepEqual(
      entryChildren(edge).map((c) => `${c.role} ${c.label} | ${c.description}`),
      [
        'host api.example.com | api.example.com:9443',
        'host {org}.example.com | not diagnosable (template, wildcard or plain HTTP)',
        'keystore keystore ref://ks → vh | CN=api.example.com · expires 2026-12-31',
        'proxy proxy orders | <VirtualHost>',
        'proxy proxy payments | <VirtualHost>',
      ],
    ));
  it('Diagnose clients dials an entry’s diagnosable hosts, a host itself, nothing from a template or a section', () => {
    const [dialled, template] = entryChildren(edge);
    assert.deepEqual(
      diagnosableHosts({ kind: 'nb-entry', entry: edge }).map((h) => h.target),
      ['api.example.com:9443'],
    );
    assert.deepEqual(
      diagnosableHosts(dialled!).map((h) => h.target),
      ['api.example.com:9443'],
    );
    assert.deepEqual(diagnosableHosts(template!), []);
    assert.deepEqual(diagnosableHosts({ kind: 'nb-section', env: 'prod', entries: [edge] }), []);
  });
});
