// One definition of the probe's settings: package.json's restrictedConfigurations come from it, and the CLI's
// flags and the editor's settings go through one loader with the same limits and the same key check.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { parseProbeArgs } from '../../server/src/cli/probe-args';
import { UsageError } from '../../server/src/cli/io';
import { configurationProperties } from '../../server/src/settings';
import {
  loadProbeFiles,
  PROBE_SETTINGS,
  PROBE_TIMEOUT_LIMITS,
  ProbeSetupError,
  readProbeSettings,
  restrictedConfigurations,
} from '../../server/src/settings/probe';
import { makeSelfSignedCertificate } from '../support/self-signed';

const manifest = JSON.parse(readFileSync(resolve(__dirname, '../../package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
};

describe('workspace trust', () => {
  it('package.json restricts exactly what the settings module marks restricted', () =>
    assert.deepEqual(
      manifest.capabilities.untrustedWorkspaces.restrictedConfigurations,
      restrictedConfigurations(),
      'run `npx tsx scripts/sync-manifest.ts`',
    ));
  const restricted: [setting: string, restricted: boolean][] = [
    [PROBE_SETTINGS.caFiles, true],
    [PROBE_SETTINGS.clientCertificate, true],
    [PROBE_SETTINGS.clientKey, true],
    [PROBE_SETTINGS.resolve, true],
    [PROBE_SETTINGS.codeLens, false],
    [PROBE_SETTINGS.timeoutMs, false],
    [PROBE_SETTINGS.sni, false],
  ];
  for (const [setting, is] of restricted) {
    it(`${setting} ${is ? 'is' : 'is not'} restricted in an untrusted workspace`, () => {
      assert.equal(restrictedConfigurations().includes(setting), is);
      assert.ok(setting in configurationProperties(), 'a contributed setting');
    });
  }
});

describe('one loader for the CLI and the editor', () => {
  const cli = (...flags: string[]) => parseProbeArgs(['example.com:443', ...flags], dir);
  const editor = (values: Record<string, unknown>) => readProbeSettings((key) => values[key]).settings;
  let dir = '';
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'probe-settings-'));
    await mkdir(join(dir, 'other'));
    await Promise.all([makeSelfSignedCertificate(dir, 'client.test'), makeSelfSignedCertificate(join(dir, 'other'), 'other.test')]);
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('the same timeout limits: the CLI refuses beyond them, the editor clamps to them', async () => {
    const { min, max } = PROBE_TIMEOUT_LIMITS;
    assert.deepEqual([(await cli('--timeout', String(min))).timeoutMs, (await cli('--timeout', String(max))).timeoutMs], [min, max]);
    await assert.rejects(cli('--timeout', String(max + 1)), UsageError);
    await assert.rejects(cli('--timeout', String(min - 1)), UsageError);
    const timeouts = [min - 1, max + 1].map((ms) => editor({ [PROBE_SETTINGS.timeoutMs]: ms }).timeoutMs);
    assert.deepEqual(timeouts, [min, max]);
  });
  it('the same default timeout', async () =>
    assert.deepEqual([(await cli()).timeoutMs, editor({}).timeoutMs], [PROBE_TIMEOUT_LIMITS.default, PROBE_TIMEOUT_LIMITS.default]));
  it('a key that belongs to the certificate is taken by both', async () => {
    const fromCli = await cli('--client-cert', 'cert.pem', '--client-key', 'key.pem');
    const settings = editor({ [PROBE_SETTINGS.clientCertificate]: 'cert.pem', [PROBE_SETTINGS.clientKey]: 'key.pem' });
    const fromEditor = await loadProbeFiles(settings, dir, (p) => readFileSync(p, 'utf8'));
    assert.deepEqual(fromEditor.clientCertificate, fromCli.clientCertificate);
  });
  it("another certificate's key is refused by both, naming the files and not the key", async () => {
    await assert.rejects(
      cli('--client-cert', 'cert.pem', '--client-key', 'other/key.pem'),
      /the key in 'other\/key\.pem' \(--client-key\) does not belong to 'cert\.pem'/,
    );
    const settings = editor({ [PROBE_SETTINGS.clientCertificate]: 'cert.pem', [PROBE_SETTINGS.clientKey]: 'other/key.pem' });
    await assert.rejects(
      loadProbeFiles(settings, dir, (p) => readFileSync(p, 'utf8')),
      (e: Error) => e instanceof ProbeSetupError && /\(apigeeTls\.probe\.clientKey\) does not belong to 'cert\.pem'/.test(e.message),
    );
  });
  it('the same address overrides: host:port keys normalised, IP addresses only', async () => {
    const fromCli = (await cli('--resolve', 'API.Example.com.:8443:10.0.0.5', '--resolve', '[::1]:443:[::1]')).resolve;
    const fromEditor = editor({ [PROBE_SETTINGS.resolve]: { 'API.Example.com.:8443': '10.0.0.5', '[::1]:443': '::1' } }).resolve;
    assert.deepEqual([...fromCli], [...fromEditor]);
    assert.deepEqual(
      [...fromCli],
      [
        ['api.example.com:8443', '10.0.0.5'],
        ['::1:443', '::1'],
      ],
    );
  });
});
