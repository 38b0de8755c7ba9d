// "Diagnose clients of a host" from any LSP editor: `apigeeTls/diagnoseClients` simulates the clients of the profile
// table against a real front door (openssl s_server) and answers every verdict and the verdicts grouped for a person;
// the team's own set comes from apigeeTls.clients.set, else .apigee-tls.json; an untrusted workspace needs consent.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import {
  CLIENTS_DIALLED_REQUEST,
  DIAGNOSE_CLIENTS_REQUEST,
  type ClientsDialledResult,
  type DiagnoseClientsParams,
  type DiagnoseClientsResult,
} from '../../server/src/shared/protocol';
import { startTinyproxy, type RunningProxy } from '../probe/support/proxies';
import { testPki, type Pki } from '../probe/support/pki';
import { certArgs, startOpenssl, type RunningServer } from '../probe/support/servers';
import { LspClient } from '../support/lsp-client';

const repo = resolve(__dirname, '../..');
const cli = resolve(repo, 'bin/apigee-tls-lint');

async function startServerIn(root: string, section: object, trusted = true): Promise<LspClient> {
  const client = new LspClient(process.execPath, [cli, 'lsp', '--stdio']);
  client.onRequest = (method) => (method === 'workspace/configuration' ? [section] : null);
  await client.request('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(root).href,
    workspaceFolders: [{ uri: pathToFileURL(root).href, name: 'p' }],
    capabilities: { workspace: { configuration: true } },
    initializationOptions: { trusted },
  });
  client.notify('initialized', {});
  return client;
}

/** `fails cipher-mismatch: java-7u25` / `connects TLSv1.2 …: java-8u161`. */
const groups = (r: DiagnoseClientsResult): string[] =>
  r.groups.map((g) => `${g.ok ? 'connects' : 'fails'} ${g.label}: ${g.clients.join(', ')}`);

describe('Diagnose clients over LSP', { skip: !existsSync(resolve(repo, 'dist/cli.js')) && 'run `npm run build` first' }, () => {
  let pki: Pki;
  let seed: RunningServer;
  let root: string;
  const clients: LspClient[] = [];
  const diagnose = async (client: LspClient, params: DiagnoseClientsParams): Promise<DiagnoseClientsResult> =>
    (await client.request(DIAGNOSE_CLIENTS_REQUEST, params)) as DiagnoseClientsResult;
  before(async () => {
    pki = await testPki();
    // The seed's front door: one "high encryption" suite, TLS 1.0 to 1.2.
    seed = await startOpenssl([...certArgs(pki, 'good'), '-no_tls1_3', '-cipher', 'ECDHE-RSA-AES256-GCM-SHA384:@SECLEVEL=0']);
    root = mkdtempSync(join(tmpdir(), 'apigee-tls-lsp-clients-'));
    writeFileSync(join(root, '.apigee-tls.json'), JSON.stringify({ clients: ['java-7u25', 'java-21'] }));
  });
  after(async () => {
    await Promise.all(clients.map((c) => c.close()));
    await seed.stop();
    rmSync(root, { recursive: true, force: true });
  });

  it('the seed: java-7u25 fails with cipher-mismatch and the fix names ssl_ciphers; java-8u161 connects', async () => {
    const client = await startServerIn(root, { probe: { caFiles: [pki.path('root.crt')] } });
    clients.push(client);
    const r = await diagnose(client, { target: `127.0.0.1:${seed.port}`, clients: ['java-7u25', 'java-8u161'] });
    assert.deepEqual(groups(r), [
      'fails cipher-mismatch: java-7u25',
      'connects TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384 (secp256r1): java-8u161',
    ]);
    assert.equal(r.clientSet, 'asked');
    assert.match(r.groups[0]!.fix!, /`ssl_ciphers`/);
    assert.deepEqual(r.server?.protocols, ['TLSv1.2']);
  });

  it('no clients asked: the settings set wins over .apigee-tls.json, which wins over the default set', async () => {
    const withSetting = await startServerIn(root, { clients: { set: ['dotnet-4.5-win7'] } });
    const withFile = await startServerIn(root, {});
    clients.push(withSetting, withFile);
    const fromSetting = await diagnose(withSetting, { target: `127.0.0.1:${seed.port}` });
    const fromFile = await diagnose(withFile, { target: `127.0.0.1:${seed.port}` });
    assert.deepEqual([fromSetting.clientSet, fromSetting.clients.map((c) => c.id)], ['settings', ['dotnet-4.5-win7']]);
    assert.deepEqual([fromFile.clientSet, fromFile.clients.map((c) => c.id)], ['config file', ['java-7u25', 'java-21']]);
  });

  it('an unknown client id or target is an error naming it', async () => {
    const client = await startServerIn(root, {});
    clients.push(client);
    await assert.rejects(diagnose(client, { target: `127.0.0.1:${seed.port}`, clients: ['java-99'] }), /unknown client 'java-99'/);
    await assert.rejects(diagnose(client, { target: 'ftp://example.com' }), /is not an https URL/);
  });

  it('untrusted: refused without consent for this host:port; with it the clients are judged without the CA files of the settings', async () => {
    const client = await startServerIn(root, { probe: { caFiles: [pki.path('root.crt')] } }, false);
    clients.push(client);
    const target = `127.0.0.1:${seed.port}`;
    await assert.rejects(
      diagnose(client, { target, clients: ['java-8u161'] }),
      /not trusted: 127\.0\.0\.1:\d+ is dialled only with the user's consent/,
    );
    await assert.rejects(diagnose(client, { target, clients: ['java-8u161'], consented: ['127.0.0.1:1'] }), /consent/);
    const r = await diagnose(client, { target, clients: ['java-8u161'], consented: [target] });
    assert.deepEqual([groups(r), r.clients[0]?.protocol], [['fails untrusted-root: java-8u161'], 'TLSv1.2']);
  });

  it('untrusted, consent names the address an override dials and the proxy the handshakes go through', async () => {
    const proxy: RunningProxy = await startTinyproxy({ basicAuth: { user: 'bob', password: 'nb-s3cret' } });
    try {
      const door = `front.probe.test:${seed.port}`;
      const section = { probe: { resolve: { [door]: '127.0.0.1' }, proxy: proxy.url } };
      const client = await startServerIn(root, section, false);
      clients.push(client);
      const via = `http://127.0.0.1:${proxy.port}`;
      const dialled = await client.request<ClientsDialledResult>(CLIENTS_DIALLED_REQUEST, { target: `https://${door}/` });
      assert.deepEqual(dialled, {
        host: 'front.probe.test',
        port: seed.port,
        address: '127.0.0.1',
        proxy: via,
        consent: `${door} at 127.0.0.1 via proxy ${via}`,
      });
      assert.doesNotMatch(JSON.stringify(dialled), /nb-s3cret/);
      const ask = (consented: string[]): Promise<DiagnoseClientsResult> =>
        diagnose(client, { target: door, clients: ['java-8u161'], consented });
      const refusal = new RegExp(
        `not trusted: ${door} at 127\\.0\\.0\\.1 via proxy http://127\\.0\\.0\\.1:${proxy.port} is dialled only with`,
      );
      // The host alone, the address without the proxy (direct), or another proxy: refused, and the proxy never asked.
      await assert.rejects(ask([door]), refusal);
      await assert.rejects(ask([`${door} at 127.0.0.1`]), refusal);
      await assert.rejects(ask([`${door} at 127.0.0.1 via proxy http://127.0.0.1:1`]), refusal);
      assert.doesNotMatch(proxy.log(), /Request .*CONNECT/);
      const r = await ask([dialled.consent]);
      assert.deepEqual([r.proxy, groups(r)], [via, ['fails untrusted-root: java-8u161']]);
      assert.match(proxy.log(), new RegExp(`Request .*CONNECT 127\\.0\\.0\\.1:${seed.port}`));
    } finally {
      await proxy.stop();
    }
  });
});
