// The VS Code client: starts the language server over IPC, restarts it on crash, logs to an output channel.
import * as path from 'node:path';
import * as vscode from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  TransportKind,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { ENVIRONMENT_CONFIG_GLOB, HYBRID_OVERRIDES_GLOB, TARGET_SERVER_GLOB, TERRAFORM_GLOB } from '../../server/src/shared/file-globs';
import type { ServerInitializationOptions } from '../../server/src/shared/protocol';
import { registerCaptureEditor } from './capture';
import type { CaptureEditorHooks } from './capture/editor';
import { registerClientsReport, type ClientsTestHooks } from './clients';
import { registerDiagnose, type DiagnoseTestHooks } from './diagnose';
import { codeLensMiddleware } from './diagnose/code-lens';
import { explicitOnly, isExplicit } from './explicit-settings';
import { registerFixAll } from './fix-all';

let client: LanguageClient | undefined;

interface Manifest {
  contributes: { configuration: { properties: Record<string, unknown> } };
}

/** The extension's exports: test hooks, and only in the extension's own test run. */
export interface ExtensionApi {
  diagnose: DiagnoseTestHooks;
  capture: CaptureEditorHooks;
  clients: ClientsTestHooks;
}

export async function activate(context: vscode.ExtensionContext): Promise<ExtensionApi | undefined> {
  const output = vscode.window.createOutputChannel('Apigee TLS Lint', { log: true });
  context.subscriptions.push(output);
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6019'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'xml' },
      { scheme: 'untitled', language: 'xml' },
      // Environment TargetServers (apigee-config-maven-plugin, Apigee X local development).
      { scheme: 'file', language: 'json', pattern: TARGET_SERVER_GLOB },
      // The rest of the environment configuration: definition, references and hover follow its unsaved text.
      { scheme: 'file', language: 'json', pattern: ENVIRONMENT_CONFIG_GLOB },
      // Terraform modules and their variable values (whatever language an installed extension gives them).
      { scheme: 'file', pattern: TERRAFORM_GLOB },
      // Apigee hybrid's overrides files (their ingress virtual hosts).
      { scheme: 'file', pattern: HYBRID_OVERRIDES_GLOB },
    ],
    // The server registers the file watchers it needs (lsp/workspace-setup.ts WATCHERS): watchers here would
    // report every change twice.
    synchronize: { configurationSection: 'apigeeTls' },
    // A function: vscode-languageclient calls it at each start, so that a restart (http.proxy changed, trust granted)
    // gives the server the values of now, not those of the first start.
    initializationOptions: (): ServerInitializationOptions & { docsBaseUri: string } => ({
      docsBaseUri: vscode.Uri.joinPath(context.extensionUri, 'docs', 'rules').toString() + '/',
      // Untrusted: the server reads no certificate or key file (it knows them by path only).
      trusted: vscode.workspace.isTrusted,
      // VS Code's proxy for the probe's connections (apigeeTls.probe.proxy wins, on the server).
      editorProxy: editorProxy(),
    }),
    // The server's "Diagnose target TLS" lens runs the client's command (consent, environments, progress).
    middleware: {
      ...codeLensMiddleware,
      // Only the settings a user set: `.apigee-tls.json` fills the others on the server's side.
      workspace: {
        configuration: async (params, token, next) => {
          const answers = await next(params, token);
          if (!Array.isArray(answers)) return answers;
          const keys = Object.keys((context.extension.packageJSON as Manifest).contributes.configuration.properties);
          return answers.map((answer, i) => {
            const item = params.items[i];
            if (item?.section !== 'apigeeTls') return answer;
            const scope = item.scopeUri === undefined ? undefined : vscode.Uri.parse(item.scopeUri);
            const config = vscode.workspace.getConfiguration(undefined, scope);
            return explicitOnly(answer, keys, (key) => isExplicit(config.inspect(key)));
          });
        },
      },
    },
    outputChannel: output,
    revealOutputChannelOn: RevealOutputChannelOn.Never,
  };
  client = new LanguageClient('apigeeTls', 'Apigee TLS Lint', serverOptions, clientOptions);
  context.subscriptions.push(
    vscode.commands.registerCommand('apigeeTls.restartServer', async () => {
      output.info('Restarting the language server');
      await client?.restart();
    }),
    vscode.commands.registerCommand('apigeeTls.showOutput', () => output.show()),
    registerFixAll(output),
  );
  const diagnose = registerDiagnose(context, () => client, output);
  const capture = registerCaptureEditor(context, () => client, output);
  const clients = registerClientsReport(context, () => client, output);
  // The editor's proxy is read at start: a change starts the server again with it.
  context.subscriptions.push(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (['http.proxy', 'http.noProxy', 'http.proxyStrictSSL'].some((key) => e.affectsConfiguration(key))) void client?.restart();
    }),
  );
  // Trust granted: start again, so that the server reads the certificate files it left alone.
  context.subscriptions.push(vscode.workspace.onDidGrantWorkspaceTrust(() => void client?.restart()));
  // vscode-languageclient restarts a crashed server (up to 5 times in 3 minutes) and logs why to `output`.
  await client.start();
  return context.extensionMode === vscode.ExtensionMode.Test ? { diagnose, capture, clients } : undefined;
}

/** http.proxy, http.noProxy and http.proxyStrictSSL as the user set them (empty ones left out). */
function editorProxy(): NonNullable<ServerInitializationOptions['editorProxy']> {
  const http = vscode.workspace.getConfiguration('http');
  const proxy = http.get<string>('proxy');
  const noProxy = http.get<string[]>('noProxy');
  return {
    proxy: proxy === undefined || proxy === '' ? undefined : proxy,
    noProxy: Array.isArray(noProxy) && noProxy.length > 0 ? noProxy.filter((n) => typeof n === 'string') : undefined,
    strictSSL: http.get<boolean>('proxyStrictSSL'),
  };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
  client = undefined;
}
