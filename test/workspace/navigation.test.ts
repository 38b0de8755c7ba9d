// Navigation over the model: the name at an offset, its definitions per environment, its uses, how it resolves,
// and the names a position completes to.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import {
  completionSlot,
  definitionsOf,
  nameAt,
  nameCandidates,
  resolutionsOf,
  usesOf,
  type NameAt,
  type Place,
} from '../../server/src/workspace/navigation';
import type { Workspace } from '../../server/src/workspace/workspace';
import { makeCertificate } from './support/certs';
import { endpoint, json, server, tempDir, workspaceOf } from './support/tree';

const T = 'apiproxy/targets/default.xml';
const T2 = 'apiproxy/targets/other.xml';
const env = (e: string, file: string): string => `resources/edge/env/${e}/${file}`;

const target = endpoint(
  [
    '    <LoadBalancer>',
    '      <Server name="backend"/>',
    '    </LoadBalancer>',
    '    <SSLInfo>',
    '      <Enabled>true</Enabled>',
    '      <TrustStore>ref://ts-ref</TrustStore>',
    '      <KeyStore>client</KeyStore>',
    '      <KeyAlias>mine</KeyAlias>',
    '    </SSLInfo>',
    '    <Path>/{propertyset.cfg.path}</Path>',
  ].join('\n'),
);

let root: string;
let ws: Workspace;
before(() => {
  const certs = tempDir();
  makeCertificate(certs, 'backend-ca', 400);
  ({ root, ws } = workspaceOf({
    'pom.xml': '<project/>',
    [T]: target,
    [T2]: endpoint('    <LoadBalancer>\n      <Server name="backend"/>\n    </LoadBalancer>'),
    'apiproxy/resources/properties/cfg.properties': 'path=v1\n',
    [env('test', 'targetServers.json')]: json([server('backend', { sSLInfo: { enabled: true, trustStore: 'ref://ts-ref' } })]),
    [env('prod', 'targetServers.json')]: json([server('backend')]),
    [env('test', 'references.json')]: json([{ name: 'ts-ref', refers: 'truststore', resourceType: 'TrustStore' }]),
    [env('test', 'keystores.json')]: json([{ name: 'truststore' }, { name: 'client' }]),
    [env('test', 'aliases.json')]: json([
      { alias: 'ca', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'certs/ca.pem' },
      { alias: 'mine', keystorename: 'client', format: 'selfsignedcert' },
    ]),
    'certs/ca.pem': readFileSync(join(certs, 'backend-ca.crt')),
  }));
});

const abs = (rel: string): string => join(root, rel);
/** The name at the first occurrence of `needle` in a file. */
const at = (rel: string, needle: string): NameAt | undefined => {
  const text = ws.facts(abs(rel))!.text;
  return nameAt(ws, abs(rel), text.indexOf(needle) + 1);
};
const show = (places: Place[]): string[] =>
  places
    .map(
      (p) =>
        `${p.file.slice(root.length + 1)} '${ws.facts(p.file)?.text.slice(p.span.start, p.span.end) ?? '?'}'${p.env ? ` ${p.env}` : ''}`,
    )
    .sort();

describe('nameAt', () => {
  it('reads a Server name', () => assert.deepEqual(pick(at(T, 'backend')), ['targetServer', 'backend', 'prod,test']));
  it('reads a ref:// value', () => assert.deepEqual(pick(at(T, 'ref://')), ['reference', 'ts-ref', 'prod,test']));
  it('reads a direct keystore', () => assert.deepEqual(pick(at(T, 'client')), ['keystore', 'client', 'prod,test']));
  it('reads a KeyAlias with its KeyStore', () => assert.equal(at(T, 'mine')?.keyStore, 'client'));
  it('reads a property template', () => assert.deepEqual(pick(at(T, '{propertyset')), ['property', 'cfg.path', 'prod,test']));
  it("reads a definition's name in its one environment", () =>
    assert.deepEqual(pick(at(env('test', 'targetServers.json'), '"backend"')), ['targetServer', 'backend', 'test']));
  it("reads a reference's refers as a keystore", () =>
    assert.deepEqual(pick(at(env('test', 'references.json'), '"truststore"')), ['keystore', 'truststore', 'test']));
  it('reads nothing elsewhere', () => assert.equal(at(T, 'TargetEndpoint'), undefined));
});

function pick(n: NameAt | undefined): string[] | undefined {
  return n && [n.kind, n.name, n.envs.map((e) => e.env).join(',')];
}

describe('definitionsOf', () => {
  const defs = (rel: string, needle: string): string[] => show(definitionsOf(ws, abs(rel), at(rel, needle)!));
  it('finds a TargetServer in every environment defining it', () =>
    assert.deepEqual(defs(T, 'backend'), [
      "resources/edge/env/prod/targetServers.json 'backend' prod",
      "resources/edge/env/test/targetServers.json 'backend' test",
    ]));
  it('finds a reference', () => assert.deepEqual(defs(T, 'ref://'), ["resources/edge/env/test/references.json 'ts-ref' test"]));
  it('finds a keystore', () => assert.deepEqual(defs(T, 'client'), ["resources/edge/env/test/keystores.json 'client' test"]));
  it('finds the alias in the keystore of its SSLInfo', () =>
    assert.deepEqual(defs(T, 'mine'), ["resources/edge/env/test/aliases.json 'mine' test"]));
  it('finds a property key', () => assert.deepEqual(defs(T, '{propertyset'), ["apiproxy/resources/properties/cfg.properties 'path'"]));
});

describe('usesOf', () => {
  it('lists the TargetEndpoints using a TargetServer', () =>
    assert.deepEqual(show(usesOf(ws, at(env('test', 'targetServers.json'), '"backend"')!)), [`${T} 'backend'`, `${T2} 'backend'`]));
  it('lists the uses of a reference, in bundles and TargetServers', () =>
    assert.deepEqual(show(usesOf(ws, at(env('test', 'references.json'), '"ts-ref"')!)), [
      `${T} 'ref://ts-ref'`,
      `${env('test', 'targetServers.json')} 'ref://ts-ref' test`,
    ]));
  it('lists a keystore’s references, aliases and the uses through them', () =>
    assert.deepEqual(show(usesOf(ws, at(env('test', 'keystores.json'), '"truststore"')!)), [
      `${T} 'ref://ts-ref'`,
      `${env('test', 'aliases.json')} 'truststore' test`,
      `${env('test', 'references.json')} 'truststore' test`,
      `${env('test', 'targetServers.json')} 'ref://ts-ref' test`,
    ]));
});

describe('resolutionsOf', () => {
  it('follows a reference to the certificate, per environment', () => {
    const [prod, test] = resolutionsOf(ws, abs(T), at(T, 'ref://')!);
    assert.deepEqual(prod, { env: 'prod', lines: ['`ref://ts-ref`: no such reference'] });
    assert.equal(test!.env, 'test');
    assert.match(
      test!.lines[0]!,
      /^`ref:\/\/ts-ref` → keystore `truststore`\n {2}- alias `ca`: CN=backend-ca, issued by CN=backend-ca, expires \d{4}-/,
    );
  });
  it('shows a TargetServer with its stores', () =>
    assert.match(
      resolutionsOf(ws, abs(T), at(T, 'backend')!)[1]!.lines.join('\n'),
      /`backend.example.com:443`, TLS\nTrustStore: `ref:\/\/ts-ref` → keystore/,
    ));
  it('says a generated alias is generated', () =>
    assert.deepEqual(resolutionsOf(ws, abs(T), at(T, 'mine')!)[1]!.lines, [
      'alias `mine` in keystore `client`: self-signed, generated by Apigee',
    ]));
  it('gives a property value', () => assert.deepEqual(resolutionsOf(ws, abs(T), at(T, '{propertyset')!)[0]!.lines, ['`cfg.path` = `v1`']));
});

describe('completion', () => {
  it('knows a Server name slot', () => assert.deepEqual(completionSlot('<Server name="ba', 16), { slot: 'server', start: 14 }));
  it('knows a store slot', () => assert.deepEqual(completionSlot('<TrustStore>ref:', 16), { slot: 'store', start: 12 }));
  it('knows a KeyAlias slot', () => assert.equal(completionSlot('<KeyAlias>', 10)?.slot, 'keyAlias'));
  it('knows nothing else', () => assert.equal(completionSlot('<URL>', 5), undefined));
  it('offers TargetServer names', () => assert.deepEqual(names('server'), ['backend prod,test']));
  it('offers references and keystores', () => assert.deepEqual(names('store'), ['client test', 'ref://ts-ref test', 'truststore test']));
  it('offers aliases', () => assert.deepEqual(names('keyAlias'), ['ca test', 'mine test']));
  const names = (slot: 'server' | 'store' | 'keyAlias'): string[] =>
    nameCandidates(ws, abs(T), slot).map((c) => `${c.insert} ${c.envs.join(',')}`);
});
