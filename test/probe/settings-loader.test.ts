// apigeeTls.probe.* read into a ProbeRequest by the shared loader: defaults, validation, paths relative to the
// workspace folder, the client certificate checked against its key.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { findConnections } from '../../server/src/documents/connection';
import { parseXml } from '../../server/src/documents/xml/document';
import { completeRequest, planConnection } from '../../server/src/probe/from-sslinfo';
import { readLintSettings } from '../../server/src/settings/lint';
import { loadProbeFiles, ProbeSetupError, readProbeSettings, settingPath } from '../../server/src/settings/probe';
import { makeSelfSignedCertificate } from '../support/self-signed';

const reading = (values: Record<string, unknown>) => readProbeSettings((key) => values[key]);

test('defaults: a lens, 10 s, system roots, SNI sent, no client certificate, no resolve, no proxy of its own', () => {
  assert.deepEqual(reading({}), {
    settings: {
      codeLens: true,
      timeoutMs: 10_000,
      caFiles: [],
      clientCertificate: '',
      clientKey: '',
      sni: 'send',
      resolve: new Map(),
      proxy: '',
      noProxy: '',
      runtimeProxy: '',
    },
    problems: [],
  });
});

test('the runtime the probe judges as is apigeeTls.profile, read as lint reads it: auto when absent or unknown', () => {
  const profile = (value: unknown) => readLintSettings((key) => (key === 'apigeeTls.profile' ? value : undefined)).profile;
  assert.deepEqual([undefined, 'auto', 'edge', 'apigeex', 'opdk'].map(profile), ['auto', 'auto', 'edge', 'apigeex', 'auto']);
});

test('values are taken; nonsense falls back to the default; the timeout is clamped', () => {
  const { settings } = reading({
    'apigeeTls.probe.codeLens': false,
    'apigeeTls.probe.timeoutMs': 2500.4,
    'apigeeTls.probe.caFiles': ['certs/root.pem', ' ', 42],
    'apigeeTls.probe.sni': 'off',
  });
  assert.deepEqual([settings.codeLens, settings.timeoutMs, settings.caFiles, settings.sni], [false, 2500, ['certs/root.pem'], 'off']);
  const odd = reading({ 'apigeeTls.probe.codeLens': 'no', 'apigeeTls.probe.timeoutMs': 1, 'apigeeTls.probe.sni': 'no' }).settings;
  assert.deepEqual([odd.codeLens, odd.timeoutMs, odd.sni], [true, 100, 'send']);
  assert.equal(reading({ 'apigeeTls.probe.timeoutMs': 1e9 }).settings.timeoutMs, 120_000);
});

test('resolve: host:port keys (host in lower case) to IP addresses; anything else is a problem', () => {
  const good = reading({ 'apigeeTls.probe.resolve': { 'Probe.Test:8443': '127.0.0.1', '[::1]:443': '::1' } });
  assert.deepEqual(
    [...good.settings.resolve],
    [
      ['probe.test:8443', '127.0.0.1'],
      ['::1:443', '::1'],
    ],
  );
  assert.deepEqual(good.problems, []);
  const bad = reading({ 'apigeeTls.probe.resolve': { 'probe.test': '127.0.0.1', 'a.test:443': 'localhost', 'b.test:70000': '10.0.0.1' } });
  assert.equal(bad.problems.length, 3);
  assert.match(bad.problems[1]!, /'a\.test:443' maps to "localhost", not an IP address/);
});

test('half a client certificate is a problem', () => {
  assert.match(reading({ 'apigeeTls.probe.clientCertificate': 'client.crt' }).problems[0]!, /set both/);
  assert.deepEqual(reading({ 'apigeeTls.probe.clientCertificate': 'c', 'apigeeTls.probe.clientKey': 'k' }).problems, []);
});

test('paths: absolute as they are, relative to the workspace folder, relative without one refused', () => {
  assert.equal(settingPath('/etc/root.pem', '/ws'), '/etc/root.pem');
  assert.equal(settingPath('certs/root.pem', '/ws'), join('/ws', 'certs/root.pem'));
  assert.throws(() => settingPath('root.pem', undefined), ProbeSetupError);
});

let dir = '';
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'diagnose-settings-'));
  await makeSelfSignedCertificate(dir);
});
after(() => rm(dir, { recursive: true, force: true }));

test('CA files and the client certificate are read relative to the folder', async () => {
  const { settings } = reading({
    'apigeeTls.probe.caFiles': ['cert.pem'],
    'apigeeTls.probe.clientCertificate': 'cert.pem',
    'apigeeTls.probe.clientKey': join(dir, 'key.pem'),
  });
  const read: string[] = [];
  const files = await loadProbeFiles(settings, dir, (path) => {
    read.push(path);
    return readFile(path, 'utf8');
  });
  assert.equal(files.trust?.anchors.length, 1);
  assert.equal(files.trust?.description, 'cert.pem');
  assert.deepEqual([files.clientCertificate!.key.type, files.clientCertificate!.key.asymmetricKeyType], ['private', 'ec']);
  assert.deepEqual(read.sort(), [join(dir, 'cert.pem'), join(dir, 'cert.pem'), join(dir, 'key.pem')].sort());
});

test('no CA files: the system roots (trust undefined); no client certificate', async () => {
  const files = await loadProbeFiles(reading({}).settings, dir, () => Promise.reject(new Error('not read')));
  assert.deepEqual(files, { trust: undefined, clientCertificate: undefined });
});

test('an unreadable or certificate-less CA file is a setup error naming the file, not its content', async () => {
  const missing = reading({ 'apigeeTls.probe.caFiles': ['nope.pem'] }).settings;
  await assert.rejects(
    loadProbeFiles(missing, dir, (p) => readFile(p, 'utf8')),
    (e: Error) => {
      assert.ok(e instanceof ProbeSetupError);
      assert.match(e.message, /cannot read the CA file 'nope\.pem' \(apigeeTls\.probe\.caFiles\): ENOENT/);
      return true;
    },
  );
  const keyOnly = reading({ 'apigeeTls.probe.caFiles': ['key.pem'] }).settings;
  await assert.rejects(
    loadProbeFiles(keyOnly, dir, (p) => readFile(p, 'utf8')),
    (e: Error) => {
      assert.ok(e instanceof ProbeSetupError);
      assert.match(e.message, /key\.pem holds no PEM certificate/);
      assert.doesNotMatch(e.message, /PRIVATE KEY/);
      return true;
    },
  );
});

/** The probe plan of the document's one connection, as the server makes it from these settings. */
function planOf(xml: string, settings: ReturnType<typeof reading>['settings']) {
  const [connection] = findConnections(parseXml(xml));
  return planConnection(connection!, { profile: 'apigeex', sniOff: settings.sni === 'off' });
}

test('the request: SSLInfo plan + trust, client certificate, resolved address, timeout and signal', async () => {
  const { settings } = reading({ 'apigeeTls.probe.resolve': { 'probe.test:9443': '127.0.0.1' }, 'apigeeTls.probe.timeoutMs': 3000 });
  const plan = planOf(
    '<TargetEndpoint><HTTPTargetConnection><SSLInfo><Enabled>true</Enabled></SSLInfo><URL>https://PROBE.test:9443/x</URL></HTTPTargetConnection></TargetEndpoint>',
    settings,
  );
  assert.ok(plan.probeable);
  const signal = new AbortController().signal;
  const request = completeRequest(plan.request, {
    trust: undefined,
    clientCertificate: undefined,
    resolve: settings.resolve,
    timeoutMs: settings.timeoutMs,
    signal,
  });
  assert.deepEqual(
    [request.host, request.port, request.sni, request.address, request.timeoutMs, request.signal === signal],
    ['probe.test', 9443, 'probe.test', '127.0.0.1', 3000, true],
  );
  const noSni = readProbeSettings((k) => (k === 'apigeeTls.probe.sni' ? 'off' : undefined)).settings;
  const again = planOf(
    '<TargetEndpoint><HTTPTargetConnection><URL>https://probe.test</URL></HTTPTargetConnection></TargetEndpoint>',
    noSni,
  );
  assert.equal(again.probeable && again.request.sni, null);
});
