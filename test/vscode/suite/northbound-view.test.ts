import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOpenssl, type RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { waitForEvent } from './support/eventually';
import { testHooks, type TestHooks } from './support/probe';
import { nodeAt, shown, type Tree } from './support/tree';
import { clientsHooks, drawn } from './support/clients';
import { workspaceUri } from './support/workspace';

import type { ClientsTestHooks } from '../../../client/src/clients';
import type { DiagnoseClientsResult } from '../../../server/src/shared/protocol';

// The NORTHBOUND section of the "Apigee TLS" view and the "Diagnose clients" lens on a virtual host's alias, against
// the seed's front door (openssl s_server with one "high encryption" suite). Runs in both modes of the runner: in
// --untrusted the section still lists the configuration, and diagnosing asks consent first.
const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';
const FOLDER = 'nb-view-test';
const ENV = 'nb-env';
const ALIAS = 'nb.probe.test';
const CLIENTS_SOURCE = 'apigee-tls-lint clients';

const write = (path: string[], text: string): Thenable<void> =>
  vscode.workspace.fs.writeFile(workspaceUri(FOLDER, ...path), new TextEncoder().encode(text));

suite('The Apigee TLS view: NORTHBOUND, and Diagnose clients from a lens', () => {
  let seed: RunningServer | undefined;
  let diagnose: TestHooks & { tree: Tree };
  let clients: ClientsTestHooks;
  const asked: string[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');
  const edge = (): vscode.Uri => workspaceUri(FOLDER, 'edge.json');

  suiteSetup(async () => {
    const folder = workspaceUri(FOLDER);
    await vscode.workspace.fs.createDirectory(workspaceUri(FOLDER, 'apiproxy', 'proxies'));
    await makeSelfSignedCertificate(folder.fsPath, ALIAS);
    seed = await startOpenssl([
      ...['-cert', `${folder.fsPath}/cert.pem`, '-key', `${folder.fsPath}/key.pem`],
      ...['-no_tls1_3', '-cipher', 'ECDHE-ECDSA-AES256-GCM-SHA384:@SECLEVEL=0'],
    ]);
    await config().update('probe.caFiles', [`${FOLDER}/cert.pem`], vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', { [`${ALIAS}:${seed.port}`]: '127.0.0.1' }, vscode.ConfigurationTarget.Global);
    await config().update('clients.set', ['java-7u25', 'java-8u161'], vscode.ConfigurationTarget.Global);
    const envConfig = {
      [ENV]: {
        virtualHosts: [
          {
            name: 'nb-secure',
            port: String(seed.port),
            hostAliases: [ALIAS],
            sSLInfo: { enabled: 'true', keyStore: 'ref://nb-ks', keyAlias: 'nb' },
          },
        ],
        references: [{ name: 'nb-ks', refers: 'nb-keystore', resourceType: 'KeyStore' }],
        keystores: [{ name: 'nb-keystore' }],
        aliases: [{ alias: 'nb', keystorename: 'nb-keystore', format: 'keycertfile', certFilePath: 'cert.pem' }],
      },
    };
    await write(['pom.xml'], '<project/>\n');
    await write(['edge.json'], JSON.stringify({ envConfig }, null, 2));
    await write(['apiproxy', 'nb-proxy.xml'], '<APIProxy name="nb-proxy"/>\n');
    await write(
      ['apiproxy', 'proxies', 'default.xml'],
      '<ProxyEndpoint name="default">\n  <HTTPProxyConnection>\n    <VirtualHost>nb-secure</VirtualHost>\n  </HTTPProxyConnection>\n</ProxyEndpoint>\n',
    );
    for (const file of [['pom.xml'], ['apiproxy', 'nb-proxy.xml'], ['apiproxy', 'proxies', 'default.xml'], ['edge.json']])
      await vscode.workspace.openTextDocument(workspaceUri(FOLDER, ...file));
    diagnose = (await testHooks()) as TestHooks & { tree: Tree };
    clients = await clientsHooks();
    clients.setClientsConsent(async (question) => {
      asked.push(question.message);
      return 'Probe';
    });
    await vscode.commands.executeCommand('apigeeTls.connections.focus');
  });

  suiteTeardown(async () => {
    clients?.setClientsConsent(undefined);
    await seed?.stop();
    await config().update('probe.caFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await config().update('clients.set', undefined, vscode.ConfigurationTarget.Global);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
  });

  test('the environment lists its virtual host: port, TLS, certificate expiry, host alias, keystore → alias, bound proxy', async () => {
    const vh = await nodeAt(diagnose.tree, [ENV, 'NORTHBOUND', 'nb-secure']);
    // Untrusted, certificate files are known by path only: no expiry.
    const expiry = untrusted ? '' : ' · certificate expires \\d{4}-\\d\\d-\\d\\d';
    assert.match(vh.description, new RegExp(`^:${seed!.port} · one-way${expiry} · 1 proxy$`));
    assert.equal(vh.context, 'apigeeTls.frontDoor');
    assert.deepEqual(
      (await shown(diagnose.tree, vh.node)).map((s) => `${s.label} | ${s.description.replace(/\d{4}-\d\d-\d\d/, 'DATE')}`),
      [
        `${ALIAS} | ${ALIAS}:${seed!.port}`,
        `keystore ref://nb-ks → nb | ${untrusted ? 'certificate not read (not in the repository, or the workspace is not trusted)' : 'CN=nb.probe.test · expires DATE'}`,
        'proxy nb-proxy | <VirtualHost>',
      ],
    );
    const item = diagnose.tree.getTreeItem(vh.node);
    assert.deepEqual([item.command?.command, (item.command?.arguments?.[0] as vscode.Uri).path], ['vscode.open', edge().path]);
  });

  test('the lens on the host alias: the report opens, and the failing clients become diagnostics at the lens', async () => {
    const target = `${ALIAS}:${seed!.port}`;
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', edge(), 10);
    const lens = lenses.find((l) => l.command?.command === 'apigeeTls.diagnoseClients');
    assert.equal(lens?.command?.title, `Diagnose clients of ${target}`);
    await vscode.commands.executeCommand(lens!.command!.command, ...(lens!.command!.arguments ?? []));
    const report = await drawn(clients, (r) => r.state === 'report' && r.text.includes(target));
    assert.equal(report.groups[0], 'fails cipher-mismatch: java-7u25');
    const found = await waitForEvent(`client diagnostics on ${edge().path}`, vscode.languages.onDidChangeDiagnostics, () => {
      const list = vscode.languages.getDiagnostics(edge()).filter((d) => d.source === CLIENTS_SOURCE);
      return list.length > 0 ? list : undefined;
    });
    // Untrusted, the workspace's CA file is not used: Java 8u161 then refuses the self-signed certificate.
    assert.deepEqual(
      found.map((d) => [String(d.code), d.range.isEqual(lens!.range)]),
      [['cipher-mismatch', true], ...(untrusted ? [['self-signed-certificate', true]] : [])],
    );
    assert.match(found[0]!.message, new RegExp(`^Java 7u25 cannot connect to ${target.replace(/\./g, '\\.')}: `));
    assert.match(found[0]!.message, /\nFix: .*`ssl_ciphers`/);
    assert.deepEqual(asked, untrusted ? [`Simulate API clients against ${target} at 127.0.0.1? This workspace is not trusted.`] : []);
  });

  test("Diagnose clients on the view's host alias runs the same report (consent when untrusted)", async () => {
    const target = `${ALIAS}:${seed!.port}`;
    const host = await nodeAt(diagnose.tree, [ENV, 'NORTHBOUND', 'nb-secure', ALIAS]);
    asked.length = 0;
    const result = await vscode.commands.executeCommand<DiagnoseClientsResult | undefined>('apigeeTls.view.diagnoseClients', host.node);
    assert.deepEqual(
      result?.clients.map((c) => `${c.id} ${c.cause ?? 'connects'}`),
      ['java-7u25 cipher-mismatch', `java-8u161 ${untrusted ? 'self-signed-certificate' : 'connects'}`],
    );
    assert.equal(`${result!.target.host}:${result!.target.port}`, target);
    assert.deepEqual(asked, untrusted ? [`Simulate API clients against ${target} at 127.0.0.1? This workspace is not trusted.`] : []);
  });
});
