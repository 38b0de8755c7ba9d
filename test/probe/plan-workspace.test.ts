// What gets probed for a connection in the workspace, and with which trust anchors and client certificate: no
// network here (the live cases are in workspace-probe.test.ts).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import { describe, it } from 'node:test';
import { loadWorkspace } from '../../server/src/workspace/load';
import { workspaceFiles, type WorkspaceFiles } from '../../server/src/workspace/files';
import { listModelFiles, readModelText } from '../../server/src/workspace/model-files';
import { Workspace } from '../../server/src/workspace/workspace';
import { planBundleFile, planTargetServerFile, type PlannedProbe, type WorkspacePlanOptions } from '../../server/src/probe/plan-workspace';
import { chooseMaterial, clientCertificateAtDial, UNTRUSTED_REASON } from '../../server/src/probe/workspace-material';
import { makeCertificate } from '../workspace/support/certs';
import { json, loadBalanced, server, sslTarget, writeTree } from '../workspace/support/tree';

const targets = 'apiproxy/targets/default.xml';
const env = (name: string, file: string) => `resources/edge/env/${name}/${file}`;
const OPTIONS: WorkspacePlanOptions = { profileOf: () => ({ profile: 'apigeex', why: 'test' }), sniOff: false, trusted: true };

/** A Maven project: pom, bundle, and environment files. */
function project(files: Record<string, string>, options: Partial<WorkspacePlanOptions> = {}): { root: string; plans: PlannedProbe[] } {
  const root = writeTree({ 'pom.xml': '<project/>', ...files });
  const ws = loadWorkspace([root]);
  return { root, plans: planBundleFile(ws, join(root, targets), { ...OPTIONS, ...options }) };
}

const summary = (p: PlannedProbe): string =>
  `${p.env}/${p.server ?? '-'}: ${p.plan.probeable ? `${p.plan.request.host}:${p.plan.request.port} ${p.plan.request.protocols.join(',')}` : p.plan.reason}`;

/** The one TargetServer `ts` in env test, with these fields, as the LoadBalancer sees it. */
const oneServer = (fields: Record<string, unknown>): string =>
  summary(project({ [targets]: loadBalanced('ts'), [env('test', 'targetServers.json')]: json([server('ts', fields)]) }).plans[0]!);

describe('what gets probed', () => {
  it('a LoadBalancer: every TargetServer it names in every environment, the TargetServer sSLInfo winning', () => {
    const { plans } = project({
      [targets]: loadBalanced('a', 'b'),
      [env('test', 'targetServers.json')]: json([server('a'), server('b', { port: 8443 })]),
      [env('prod', 'targetServers.json')]: json([server('a', { sSLInfo: { enabled: 'true', protocols: ['TLSv1'] } }), server('b')]),
    });
    assert.deepEqual(plans.map(summary), [
      'prod/a: a.example.com:443 TLSv1.2,TLSv1.3',
      'test/a: a.example.com:443 TLSv1.2,TLSv1.3',
      'prod/b: b.example.com:443 TLSv1.2,TLSv1.3',
      'test/b: b.example.com:8443 TLSv1.2,TLSv1.3',
    ]);
    // prod/a pins TLSv1, which Apigee X cannot use: planned with the defaults, to show what the backend accepts.
    const prodA = plans[0]!.plan;
    assert.equal(prodA.probeable && prodA.request.unusable?.reason, 'SSLInfo <Protocols> names no protocol Apigee X can use (TLSv1)');
  });
  it('--env picks environments', () => {
    const files = {
      [targets]: loadBalanced('a'),
      [env('test', 'targetServers.json')]: json([server('a')]),
      [env('prod', 'targetServers.json')]: json([server('a')]),
    };
    assert.deepEqual(
      project(files, { envs: new Set(['test']) }).plans.map((p) => p.env),
      ['test'],
    );
  });
  it('the TargetServer carries CommonName, ClientAuthEnabled and IgnoreValidationErrors', () => {
    const ssl = {
      enabled: 'true',
      commonName: { value: 'cn.example.com', wildcardMatch: true },
      clientAuthEnabled: 'true',
      ignoreValidationErrors: true,
    };
    const { plans } = project({ [targets]: loadBalanced('a'), [env('test', 'targetServers.json')]: json([server('a', { sSLInfo: ssl })]) });
    const plan = plans[0]!.plan;
    assert.ok(plan.probeable);
    assert.deepEqual(plan.request.expectedCommonName, { name: 'cn.example.com', wildcardMatch: true });
    assert.deepEqual([plan.request.clientAuthEnabled, plan.request.certificatePolicy.fatal], [true, false]);
  });
  it('the diagnosis sites: the <Server name> value and the TargetServer host value', () => {
    const { root, plans } = project({ [targets]: loadBalanced('a'), [env('test', 'targetServers.json')]: json([server('a')]) });
    assert.deepEqual(
      plans[0]!.sites.map((s) => s.file.slice(root.length + 1)),
      [targets, env('test', 'targetServers.json')],
    );
  });
  it('a disabled TargetServer is skipped with the reason', () =>
    assert.match(oneServer({ isEnabled: false }), /TargetServer 'ts' is disabled in environment 'test' \(isEnabled: false\)/));
  it('a TargetServer missing in an environment says so', () => {
    const { plans } = project({ [targets]: loadBalanced('gone'), [env('test', 'targetServers.json')]: json([server('a')]) });
    assert.deepEqual(plans.map(summary), ["test/gone: TargetServer 'gone' is not defined in environment 'test'"]);
  });
  it('without environment configuration a LoadBalancer cannot be probed', () => {
    const { plans } = project({ [targets]: loadBalanced('a') });
    assert.deepEqual(plans.map(summary), ["undefined/a: no environment configuration in the workspace defines TargetServer 'a'"]);
  });
  it('TLS off: plain HTTP', () => {
    assert.match(oneServer({ sSLInfo: { enabled: 'false' } }), /does not enable TLS/);
    assert.match(oneServer({ sSLInfo: undefined }), /has no sSLInfo: Apigee calls it over plain HTTP/);
  });
  it('a literal URL is probed once per environment, or once without configuration', () => {
    assert.deepEqual(project({ [targets]: sslTarget('<Enabled>true</Enabled>') }).plans.map(summary), [
      'undefined/-: api.example.com:443 TLSv1.2,TLSv1.3',
    ]);
  });
  it('a templated URL once its property set resolves in the environment', () => {
    const { plans } = project({
      [targets]: sslTarget('<Enabled>true</Enabled>', 'https://{propertyset.backend.host}/v1'),
      [env('test', 'targetServers.json')]: json([]),
      [env('test', 'resourcefiles.json')]: json([{ name: 'backend', type: 'properties', file: 'props/test.properties' }]),
      'props/test.properties': 'host = test.backend.example.com\n',
      [env('prod', 'targetServers.json')]: json([]),
    });
    assert.deepEqual(plans.map(summary), [
      "prod/-: the URL 'https://{propertyset.backend.host}/v1' holds a variable: the backend is only known at run time; probe the real backend with `apigee-tls-lint probe https://HOST:PORT`",
      'test/-: test.backend.example.com:443 TLSv1.2,TLSv1.3',
    ]);
  });
  it('a TargetServer entry itself, from its file', () => {
    const root = writeTree({
      'pom.xml': '<project/>',
      [env('test', 'targetServers.json')]: json([server('a'), server('off', { isEnabled: false })]),
    });
    const plans = planTargetServerFile(loadBalancedWs(root), join(root, env('test', 'targetServers.json')), OPTIONS);
    assert.deepEqual(plans.map(summary), [
      'test/a: a.example.com:443 TLSv1.2,TLSv1.3',
      "test/off: TargetServer 'off' is disabled in environment 'test' (isEnabled: false): Apigee sends it no traffic (set isEnabled to true to use and probe it)",
    ]);
  });
});

const loadBalancedWs = (root: string) => loadWorkspace([root]);

describe('bad hosts and ports: a clear reason each', () => {
  const cases: [Record<string, unknown>, RegExp][] = [
    [{ host: '' }, /the host is empty/],
    [{ host: '{backend.host}' }, /holds a variable or build token/],
    [{ host: 'BACKEND_HOST_NAME' }, /holds a variable or build token/],
    [{ host: 'localhost' }, /'localhost' is the Apigee runtime itself/],
    [{ host: '127.0.0.1' }, /is the Apigee runtime itself/],
    [{ port: 70000 }, /the port 70000 is not a number from 1 to 65535/],
    [{ port: 0 }, /the port 0 is not a number from 1 to 65535/],
    [{ port: '{port}' }, /the port value is not a number from 1 to 65535/],
    [{ port: undefined }, /has no port/],
  ];
  for (const [fields, reason] of cases) it(JSON.stringify(fields), () => assert.match(oneServer(fields), reason));
  it('an IP address is probed without SNI, with a note', () => {
    const { plans } = project({
      [targets]: loadBalanced('ts'),
      [env('test', 'targetServers.json')]: json([server('ts', { host: '10.1.2.3' })]),
    });
    assert.ok(plans[0]!.plan.probeable && plans[0]!.plan.request.sni === null);
    assert.match(plans[0]!.notes.join(), /an IP address: Apigee sends no SNI/);
  });
  it('a URL to localhost is not probed either', () =>
    assert.match(
      summary(project({ [targets]: sslTarget('<Enabled>true</Enabled>', 'https://localhost:8443') }).plans[0]!),
      /Apigee runtime itself/,
    ));
});

// ------------------------------------------------------------------------------------------ trust and keys

/** A workspace of these folders whose reader records every path it reads. */
function recordingWorkspace(roots: string[]): { ws: Workspace; read: string[] } {
  const read: string[] = [];
  const disk = workspaceFiles({ roots });
  const recording: WorkspaceFiles = {
    ...disk,
    read: (path, max) => (read.push(path), disk.read(path, max)),
    readMaterial: (path, max) => (read.push(path), disk.readMaterial(path, max)),
  };
  const ws = new Workspace({ files: recording });
  for (const path of roots.flatMap((root) => listModelFiles(disk, root))) ws.setFile(path, readModelText(disk, path)!);
  return { ws, read };
}

interface Keyed extends PlannedProbe {
  /** The workspace's client certificate as loaded at dial time. */
  dialled: ReturnType<typeof clientCertificateAtDial>;
  /** The files the workspace's reader read while planning, and in all (dial time too), relative to the project. */
  readWhilePlanning: string[];
  readInAll: string[];
}

/** A project whose TargetServer `ts` in env test uses `ssl`, with certificates ca, client and a locked key. */
function keyed(ssl: Record<string, unknown>, aliases: unknown[], options: Partial<WorkspacePlanOptions> = {}): Keyed {
  const root = writeTree({ 'pom.xml': '<project/>' });
  const certs = join(root, 'certs');
  mkdirSync(certs);
  makeCertificate(certs, 'ca', 30);
  makeCertificate(certs, 'client', 30);
  execFileSync('openssl', ['pkcs8', '-topk8', '-in', 'client.key', '-out', 'locked.key', '-passout', 'pass:secret', '-v2', 'aes-256-cbc'], {
    cwd: certs,
  });
  const { ws, read } = recordingWorkspace([
    writeTree(
      {
        [targets]: loadBalanced('ts'),
        [env('test', 'targetServers.json')]: json([server('ts', { sSLInfo: { enabled: 'true', ...ssl } })]),
        [env('test', 'references.json')]: json([
          { name: 'trust-ref', refers: 'truststore', resourceType: 'KeyStore' },
          { name: 'key-ref', refers: 'keystore', resourceType: 'KeyStore' },
        ]),
        [env('test', 'keystores.json')]: json([{ name: 'truststore' }, { name: 'keystore' }]),
        [env('test', 'aliases.json')]: json(aliases),
      },
      root,
    ),
  ]);
  const probe = planBundleFile(ws, join(root, targets), { ...OPTIONS, ...options })[0]!;
  const readWhilePlanning = read.map((path) => relative(root, path)).sort();
  const dialled = clientCertificateAtDial(ws, probe.clientCertificate);
  return { ...probe, dialled, readWhilePlanning, readInAll: read.map((path) => relative(root, path)).sort() };
}

const caAlias = { alias: 'ca', keystorename: 'truststore', format: 'keycertfile', certFilePath: 'certs/ca.crt' };
const clientAlias = {
  alias: 'me',
  keystorename: 'keystore',
  format: 'keycertfile',
  certFilePath: 'certs/client.crt',
  keyFilePath: 'certs/client.key',
};
const twoWay = { trustStore: 'ref://trust-ref', clientAuthEnabled: 'true', keyStore: 'ref://key-ref', keyAlias: 'me' };
const trustReason = (p: PlannedProbe): string => (p.trust.kind === 'fallback' ? p.trust.reason : p.trust.store.description);
/** Where the client certificate comes from at dial time, or why there is none. */
const clientReason = (p: Keyed): string => (p.dialled.kind === 'none' ? String(p.dialled.reason) : p.dialled.from);

describe('trust anchors and client certificate from the workspace', () => {
  it('the truststore: reference → keystore → alias → file', () => {
    const probe = keyed({ trustStore: 'ref://trust-ref' }, [caAlias]);
    assert.equal(
      trustReason(probe),
      "the truststore ref://trust-ref → keystore 'truststore' → alias 'ca' (certs/ca.crt) in environment 'test'",
    );
    assert.equal(probe.trust.kind === 'workspace' && probe.trust.store.anchors[0]!.subject, 'CN=ca');
  });
  it('the KeyAlias files when two-way TLS is on', () => {
    const probe = keyed(twoWay, [caAlias, clientAlias]);
    assert.equal(
      clientReason(probe),
      "the keystore ref://key-ref → keystore 'keystore' → alias 'me' (certs/client.crt, certs/client.key) in environment 'test'",
    );
    assert.deepEqual(
      probe.dialled.kind === 'workspace' && [probe.dialled.certificate.key.type, probe.dialled.certificate.cert.slice(0, 27)],
      ['private', '-----BEGIN CERTIFICATE-----'],
    );
  });
  it('the plan names the key and holds none of it: the key file is read at dial time only (review 3, finding 9)', () => {
    const probe = keyed(twoWay, [caAlias, clientAlias]);
    const { dialled, ...plan } = probe;
    assert.ok(plan.clientCertificate.kind === 'workspace');
    const { project, ...reference } = plan.clientCertificate.reference;
    assert.ok(isAbsolute(project));
    assert.deepEqual(reference, {
      env: 'test',
      keystore: 'keystore',
      alias: 'me',
      certificateFile: 'certs/client.crt',
      keyFile: 'certs/client.key',
    });
    assert.doesNotMatch(JSON.stringify(plan), /PRIVATE KEY/);
    assert.deepEqual([plan.readWhilePlanning, dialled.kind], [['certs/ca.crt', 'certs/client.crt'], 'workspace']);
  });
  it('a truststore alias that names a key file: the key is never read, planning or dialling', () => {
    const probe = keyed(twoWay, [{ ...caAlias, keyFilePath: 'certs/ca.key' }, clientAlias]);
    assert.deepEqual(
      [probe.trust.kind, probe.dialled.kind, probe.readInAll],
      ['workspace', 'workspace', ['certs/ca.crt', 'certs/client.crt', 'certs/client.key']],
    );
  });
  it('no client certificate when two-way TLS is off', () =>
    assert.deepEqual(keyed({ ...twoWay, clientAuthEnabled: 'false' }, [clientAlias]).clientCertificate, {
      kind: 'none',
      reason: undefined,
    }));
  it('an untrusted workspace: no workspace key material, ever', () => {
    const probe = keyed(twoWay, [caAlias, clientAlias], { trusted: false });
    assert.deepEqual([trustReason(probe), clientReason(probe)], [UNTRUSTED_REASON, UNTRUSTED_REASON]);
  });
  const unresolvable: [string, Record<string, unknown>, unknown[], RegExp][] = [
    [
      'selfsignedcert',
      { trustStore: 'ref://trust-ref' },
      [{ ...caAlias, format: 'selfsignedcert' }],
      /alias 'ca' is a selfsignedcert: Apigee generates its certificate/,
    ],
    [
      'pkcs12',
      { trustStore: 'ref://trust-ref' },
      [{ alias: 'ca', keystorename: 'truststore', format: 'pkcs12', filePath: 'certs/ca.p12' }],
      /alias 'ca' is a PKCS#12 archive, which is not read/,
    ],
    ['{variable}', { trustStore: '{private.ts}' }, [caAlias], /the TrustStore '\{private.ts\}' is decided at run or build time/],
    ['a missing reference', { trustStore: 'ref://nope' }, [caAlias], /reference 'nope' is not defined in environment 'test'/],
    [
      'a missing file',
      { trustStore: 'ref://trust-ref' },
      [{ ...caAlias, certFilePath: 'certs/none.crt' }],
      /alias 'ca': 'certs\/none.crt' does not exist/,
    ],
    [
      'a file that is not a certificate',
      { trustStore: 'ref://trust-ref' },
      [{ ...caAlias, certFilePath: 'certs/ca.key' }],
      /alias 'ca': 'certs\/ca.key' holds no certificate/,
    ],
    [
      'a file outside the workspace',
      { trustStore: 'ref://trust-ref' },
      [{ ...caAlias, certFilePath: '/etc/passwd' }],
      /is outside the workspace folder/,
    ],
    ['no TrustStore', {}, [caAlias], /SSLInfo names no TrustStore/],
  ];
  for (const [what, ssl, aliases, reason] of unresolvable)
    it(`a truststore that cannot be read: ${what}`, () => assert.match(trustReason(keyed(ssl, aliases)), reason));
  const noKey: [string, unknown, RegExp][] = [
    [
      'a password the configuration does not hold',
      { ...clientAlias, keyFilePath: 'certs/locked.key' },
      /protected by a password the configuration does not hold/,
    ],
    ['a key of another certificate', { ...clientAlias, keyFilePath: 'certs/ca.key' }, /does not belong to the certificate/],
    ['an alias not in the keystore', { ...clientAlias, alias: 'other' }, /keystore 'keystore' has no alias 'me'/],
  ];
  for (const [what, alias, reason] of noKey)
    it(`no client certificate: ${what}`, () => assert.match(clientReason(keyed(twoWay, [caAlias, alias])), reason));
  it('a key with the password the alias holds', () =>
    assert.equal(
      keyed(twoWay, [caAlias, { ...clientAlias, keyFilePath: 'certs/locked.key', password: 'secret' }]).dialled.kind,
      'workspace',
    ));
  it('a key file named by a variable: no client certificate, said while planning', () =>
    assert.match(
      clientReason(keyed(twoWay, [caAlias, { ...clientAlias, keyFilePath: '{key.path}' }])),
      /alias 'me' names no literal key file/,
    ));
});

describe('choosing the material: explicit flags, else the workspace, else the fallback (saying which)', () => {
  const workspace = {
    trust: { kind: 'workspace' as const, store: { anchors: [], description: 'the truststore T' }, unresolved: [] },
    clientCertificate: { kind: 'none' as const, reason: undefined },
  };
  const fallback = {
    trust: { kind: 'fallback' as const, reason: 'SSLInfo names no TrustStore' },
    clientCertificate: { kind: 'none' as const, reason: 'no key' },
  };
  const ca = { anchors: [], description: 'ca.pem' };
  it('explicit --ca wins', () =>
    assert.equal(
      chooseMaterial(workspace, { trust: ca, clientCertificate: undefined, explicit: true }).trustSource,
      'ca.pem (given explicitly)',
    ));
  it('the workspace wins over settings', () =>
    assert.equal(chooseMaterial(workspace, { trust: ca, clientCertificate: undefined, explicit: false }).trustSource, 'the truststore T'));
  it('the CA files stand in, saying why', () =>
    assert.equal(
      chooseMaterial(fallback, { trust: ca, clientCertificate: undefined, explicit: false }).trustSource,
      'ca.pem, because SSLInfo names no TrustStore',
    ));
  it('else the system roots, saying why', () =>
    assert.equal(
      chooseMaterial(fallback, { trust: undefined, clientCertificate: undefined, explicit: false }).trustSource,
      'the system roots, because SSLInfo names no TrustStore',
    ));
  it('two-way TLS without a certificate says why', () =>
    assert.equal(
      chooseMaterial(fallback, { trust: undefined, clientCertificate: undefined, explicit: false }).clientCertificateSource,
      'none, because no key',
    ));
});

describe('a loopback host', () => {
  it('is probed where --resolve says it is', () => {
    const fields = { host: 'localhost', port: 8443 };
    const { plans } = project(
      { [targets]: loadBalanced('ts'), [env('test', 'targetServers.json')]: json([server('ts', fields)]) },
      { resolve: new Map([['localhost:8443', '127.0.0.1']]) },
    );
    assert.equal(summary(plans[0]!), 'test/ts: localhost:8443 TLSv1.2,TLSv1.3');
  });
});

describe('at scale', () => {
  it('1,000 TargetServers in an environment file: each planned with its reason or its address, nothing dialled', () => {
    const servers = Array.from({ length: 1000 }, (_, i) => {
      if (i % 4 === 1) return server(`ts${i}`, { isEnabled: false });
      if (i % 4 === 2) return server(`ts${i}`, { host: '', port: 443 });
      if (i % 4 === 3) return server(`ts${i}`, { port: 70000 });
      return server(`ts${i}`);
    });
    const root = writeTree({ 'pom.xml': '<project/>', [env('test', 'targetServers.json')]: json(servers) });
    const ws = loadWorkspace([root]);
    const plans = planTargetServerFile(ws, join(root, env('test', 'targetServers.json')), OPTIONS);
    const probeable = plans.filter((p) => p.plan.probeable).length;
    const reasons = new Set(
      plans.flatMap((p) => (p.plan.probeable ? [] : [p.plan.reason.replace(/ts\d+/g, 'ts#').replace(/\d{5,}/g, 'N')])),
    );
    assert.deepEqual([plans.length, probeable, reasons.size >= 3], [1000, 250, true]);
  });
});
