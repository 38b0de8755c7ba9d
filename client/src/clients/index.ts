// "Apigee TLS: Diagnose clients of a host…": asks for the front door (or takes it as the command's argument), asks
// consent in an untrusted workspace, runs `apigeeTls/diagnoseClients` on the language server with progress and
// cancellation, and shows the clients × verdict report in a webview (grouped by verdict, the fix beside each
// failing group).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import {
  CLIENTS_DIALLED_REQUEST,
  DIAGNOSE_CLIENTS_REQUEST,
  type ClientsDialledResult,
  type DiagnoseClientsParams,
  type DiagnoseClientsResult,
} from '../../../server/src/shared/protocol';
import { askModal, CONSENT_BUTTONS, PROBE, type ConsentAsker, type ConsentQuestion } from '../diagnose/consent';
import { clientsHtml } from './html';

export const DIAGNOSE_CLIENTS_COMMAND = 'apigeeTls.diagnoseClients';
const VIEW_TYPE = 'apigeeTls.clientsReport';

/** What the webview drew, as its script reports it back (read by the extension's own tests). */
export interface RenderedClients {
  state: 'report' | 'error' | 'progress';
  text: string;
  /** One line per group: `fails cipher-mismatch: java-7u25, ie-8-xp` or `connects TLSv1.3 …: java-21`. */
  groups: string[];
  /** The fix shown beside each failing group, in order. */
  fixes: string[];
}

export interface ClientsTestHooks {
  /** Resolves with what the report view draws next that `accept` takes. */
  rendered(accept: (r: RenderedClients) => boolean): Promise<RenderedClients>;
  setClientsConsent(answer: ConsentAsker | undefined): void;
}

/** The command's optional argument: the front door, and the clients (ids, `all`). */
interface Arguments {
  target?: unknown;
  clients?: unknown;
  /** From the server's lens: where the front door is named (its verdicts become diagnostics there) and its scope. */
  at?: DiagnoseClientsParams['at'];
  scopeUri?: unknown;
  /** From the lens: said beside the target (`port 443, hybrid ingress default`). */
  note?: unknown;
}

/** The question names the front door as the server will dial it: at an address override, through a proxy. */
export function consentForFrontDoor(dialled: Pick<ClientsDialledResult, 'consent' | 'proxy'>): ConsentQuestion {
  const target = dialled.consent;
  const through =
    dialled.proxy === null
      ? ''
      : `The handshakes go through the HTTP proxy ${dialled.proxy} (a CONNECT tunnel each): the proxy sees which host and port are asked for. `;
  return {
    message: `Simulate API clients against ${target}? This workspace is not trusted.`,
    detail:
      `Diagnose clients connects to ${target} and sends one TLS handshake per client of the profile table (at most 8 at once), nothing else. ` +
      through +
      "The workspace's CA and address settings are not used.",
    buttons: CONSENT_BUTTONS,
  };
}

/** `host:port` of a target (443 by default; a URL's host and port); undefined when it is not one (the input's check). */
function consentKey(target: string): string | undefined {
  const text = target.trim();
  try {
    if (/^https:\/\//i.test(text)) {
      const url = new URL(text);
      return `${url.hostname.toLowerCase()}:${url.port === '' ? 443 : url.port}`;
    }
  } catch {
    return undefined;
  }
  const m = /^(\[[^\]]+\]|[^:\s/[\]]+)(?::(\d{1,5}))?$/.exec(text);
  return m === null ? undefined : `${m[1]!.toLowerCase()}:${m[2] ?? 443}`;
}

export function registerClientsReport(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  output: vscode.LogOutputChannel,
): ClientsTestHooks {
  let consent: ConsentAsker | undefined;
  let last: RenderedClients | undefined;
  let waiters: { accept: (r: RenderedClients) => boolean; resolve: (r: RenderedClients) => void }[] = [];
  const onRendered = (rendered: RenderedClients): void => {
    last = rendered;
    const done = waiters.filter((w) => w.accept(rendered));
    waiters = waiters.filter((w) => !done.includes(w));
    for (const w of done) w.resolve(rendered);
  };
  const media = vscode.Uri.joinPath(context.extensionUri, 'media');

  /** Resolves with the report's result (undefined when nothing was run or it failed), once the view has it. */
  const run = async (args?: Arguments): Promise<DiagnoseClientsResult | undefined> => {
    const given = typeof args?.target === 'string' ? args.target : undefined;
    const target =
      given ??
      (await vscode.window.showInputBox({
        title: 'Diagnose clients of a host',
        prompt: 'The front door API clients call: a host alias, host:port or https URL',
        placeHolder: 'api.example.com',
        validateInput: (value) => (consentKey(value) === undefined ? 'A host, host:port or https URL' : undefined),
      }));
    if (target === undefined || target.trim() === '') return undefined;
    const ls = client();
    if (ls === undefined) {
      void vscode.window.showErrorMessage('Apigee TLS Lint: the language server is not running.');
      return undefined;
    }
    const scope =
      typeof args?.scopeUri === 'string'
        ? { scopeUri: args.scopeUri }
        : vscode.workspace.workspaceFolders?.[0] === undefined
          ? {}
          : { scopeUri: vscode.workspace.workspaceFolders[0].uri.toString() };
    let consented: string[] | undefined;
    if (!vscode.workspace.isTrusted) {
      // The question names what the server will dial (address override, proxy), in the words it checks. A target the
      // server cannot dial (not a front door, a bad proxy setting) asks nothing: the report shows why, nothing is dialled.
      const dialled = await ls.sendRequest<ClientsDialledResult>(CLIENTS_DIALLED_REQUEST, { target, ...scope }).then(
        (r) => r,
        () => undefined,
      );
      if (dialled !== undefined) {
        const answer = await (consent ?? askModal)(consentForFrontDoor(dialled));
        if (answer !== PROBE) return undefined;
        consented = [dialled.consent];
      }
    }
    const note = typeof args?.note === 'string' ? args.note : undefined;
    const title = `Clients of ${target}${note === undefined ? '' : ` (${note})`}`;
    const panel = vscode.window.createWebviewPanel(VIEW_TYPE, title, vscode.ViewColumn.Active, {
      enableScripts: true,
      localResourceRoots: [media],
    });
    // The script says when it listens; a panel closed before then ends the wait too.
    const ready = new Promise<void>((resolve) => {
      panel.onDidDispose(() => resolve());
      panel.webview.onDidReceiveMessage((message: { type: string; rendered?: RenderedClients }) => {
        if (message.type === 'ready') resolve();
        if (message.type === 'rendered' && message.rendered !== undefined) onRendered(message.rendered);
      });
    });
    panel.webview.html = clientsHtml(panel.webview, media, title);
    const clients = Array.isArray(args?.clients) ? args.clients.filter((c): c is string => typeof c === 'string') : undefined;
    const params: DiagnoseClientsParams = {
      target,
      ...(clients === undefined ? {} : { clients }),
      ...(consented === undefined ? {} : { consented }),
      ...scope,
      ...(args?.at === undefined ? {} : { at: args.at }),
      ...(note === undefined ? {} : { note }),
    };
    const source = new vscode.CancellationTokenSource();
    panel.onDidDispose(() => source.cancel());
    const answer = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Simulating API clients against ${target}`, cancellable: true },
      async (_progress, cancelled) => {
        const subscription = cancelled.onCancellationRequested(() => source.cancel());
        try {
          const result = await ls.sendRequest<DiagnoseClientsResult>(DIAGNOSE_CLIENTS_REQUEST, params, source.token);
          return { ok: true as const, result };
        } catch (error) {
          return { ok: false as const, error: error instanceof Error ? error.message : String(error) };
        } finally {
          subscription.dispose();
        }
      },
    );
    await ready;
    if (answer.ok) {
      const failing = answer.result.clients.filter((c) => !c.ok).length;
      output.info(`Clients of ${target}: ${failing} of ${answer.result.clients.length} cannot connect (${answer.result.elapsedMs} ms)`);
      void panel.webview.postMessage({ type: 'report', report: answer.result });
      return answer.result;
    }
    output.info(`Clients of ${target}: ${answer.error}`);
    void panel.webview.postMessage({ type: 'error', message: answer.error });
    return undefined;
  };

  context.subscriptions.push(vscode.commands.registerCommand(DIAGNOSE_CLIENTS_COMMAND, (args?: Arguments) => run(args)));
  return {
    rendered: (accept) =>
      new Promise((resolve) => {
        if (last !== undefined && accept(last)) return resolve(last);
        waiters.push({ accept, resolve });
      }),
    setClientsConsent: (answer) => (consent = answer),
  };
}
