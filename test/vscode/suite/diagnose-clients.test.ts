import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { startOpenssl, type RunningServer } from '../../probe/support/servers';
import { makeSelfSignedCertificate } from '../../support/self-signed';
import { clientsHooks, drawn } from './support/clients';
import { workspaceUri } from './support/workspace';

import type { ClientsTestHooks } from '../../../client/src/clients';

// Runs in both modes of the runner: trusted, and (--untrusted) Workspace Trust on with the folder untrusted, where
// the command asks consent first and the workspace's CA file is not used.
const untrusted = process.env.APIGEE_TLS_EXPECT_UNTRUSTED === '1';
const FOLDER = 'clients-test';

suite('Diagnose clients of a host', () => {
  let seed: RunningServer | undefined;
  let hooks: ClientsTestHooks;
  const asked: string[] = [];
  const config = (): vscode.WorkspaceConfiguration => vscode.workspace.getConfiguration('apigeeTls');

  suiteSetup(async () => {
    const folder = workspaceUri(FOLDER);
    await vscode.workspace.fs.createDirectory(folder);
    await makeSelfSignedCertificate(folder.fsPath);
    // The seed's front door: one "high encryption" suite (its ECDSA form: the certificate is P-256), TLS 1.0 to 1.2.
    seed = await startOpenssl([
      '-cert',
      `${folder.fsPath}/cert.pem`,
      '-key',
      `${folder.fsPath}/key.pem`,
      '-no_tls1_3',
      '-cipher',
      'ECDHE-ECDSA-AES256-GCM-SHA384:@SECLEVEL=0',
    ]);
    await config().update('probe.caFiles', [`${FOLDER}/cert.pem`], vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', { [`probe.test:${seed.port}`]: '127.0.0.1' }, vscode.ConfigurationTarget.Global);
    hooks = await clientsHooks();
    hooks.setClientsConsent(async (question) => {
      asked.push(question.message);
      return 'Probe';
    });
  });
  suiteTeardown(async () => {
    hooks?.setClientsConsent(undefined);
    await config().update('probe.caFiles', undefined, vscode.ConfigurationTarget.Workspace);
    await config().update('probe.resolve', undefined, vscode.ConfigurationTarget.Global);
    await seed?.stop();
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  test('the seed front door: the report groups Java 7u25 under cipher-mismatch with the ssl_ciphers fix, Java 8u161 apart', async () => {
    const target = `probe.test:${seed!.port}`;
    await vscode.commands.executeCommand('apigeeTls.diagnoseClients', { target, clients: ['java-7u25', 'java-8u161'] });
    const r = await drawn(hooks, (x) => x.state === 'report' && x.text.includes(target));
    const java8 = untrusted
      ? 'fails self-signed-certificate: java-8u161'
      : 'connects TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384 (secp256r1): java-8u161';
    assert.deepEqual(r.groups, ['fails cipher-mismatch: java-7u25', java8]);
    assert.match(r.fixes[0]!, /^Add ECDHE-RSA-AES128-SHA \(TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA\) to the front door[^]*`ssl_ciphers`/);
    assert.match(r.text, /(1|2) of 2 clients cannot connect/);
    assert.deepEqual(asked, untrusted ? [`Simulate API clients against ${target} at 127.0.0.1? This workspace is not trusted.`] : []);
  });

  test('a target that is not a front door: the report says why', async () => {
    await vscode.commands.executeCommand('apigeeTls.diagnoseClients', { target: 'probe.test:99999' });
    const r = await drawn(hooks, (x) => x.state === 'error');
    assert.match(r.text, /Cannot diagnose the clients: .*bad port/);
  });
});
