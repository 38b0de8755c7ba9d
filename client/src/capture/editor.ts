// The read-only capture view: a .pcap/.pcapng file opens in a webview that shows every TLS connection of the
// capture, the selected one's handshake as a ladder, its causes with fixes and the offered and chosen parameters.
// The language server reads and judges the file (apigeeTls/analyseCapture); this side only asks, shows progress,
// cancels, and hands the report to the webview. A key log the user picks (or passes to the command) is read with the
// capture while its view is open, to open TLS 1.3 handshakes.
import { counted } from '../../../server/src/shared/plural';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { WorkDoneProgress, type LanguageClient } from 'vscode-languageclient/node';
import { ANALYSE_CAPTURE_METHOD, type AnalyseCaptureParams, type AnalyseCaptureResult } from '../../../server/src/shared/capture-protocol';
import { captureHtml } from './html';

export const CAPTURE_VIEW_TYPE = 'apigeeTls.captureViewer';

/** What the webview drew, as it reports it back (read by the extension's own tests). */
export interface RenderedCapture {
  state: 'report' | 'error' | 'progress';
  text: string;
  connections: string[];
  selected: number;
  ladder: string[];
  decisive: string | null;
  causes: string[];
}

export type WebviewMessage =
  | { type: 'ready' }
  | { type: 'retry' }
  | { type: 'openKeyLog' }
  | { type: 'openDoc'; code: string }
  | { type: 'rendered'; rendered: RenderedCapture };

export interface CaptureEditorHooks {
  /** Resolves with what the view for `uri` draws next that `accept` takes. */
  rendered(uri: vscode.Uri, accept: (r: RenderedCapture) => boolean): Promise<RenderedCapture>;
  /** Selects a connection in the view for `uri`, as a click does. */
  select(uri: vscode.Uri, index: number): void;
}

interface Waiter {
  accept: (r: RenderedCapture) => boolean;
  resolve: (r: RenderedCapture) => void;
}

export class CaptureEditorProvider implements vscode.CustomReadonlyEditorProvider {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  /** Per file: what its view drew last, and who waits for a drawing (tests). */
  private readonly drawn = new Map<string, RenderedCapture>();
  private readonly waiters = new Map<string, Waiter[]>();
  /** Per file: the key log it is read with while its view is open, and how to read it again. */
  private readonly keyLogs = new Map<string, string>();
  private readonly readAgain = new Map<string, () => void>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly client: () => LanguageClient | undefined,
    private readonly output: vscode.LogOutputChannel,
  ) {}

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    const media = vscode.Uri.joinPath(this.extensionUri, 'media');
    panel.webview.options = { enableScripts: true, localResourceRoots: [media] };
    panel.webview.html = captureHtml(panel.webview, media, path.basename(document.uri.fsPath));
    const key = document.uri.toString();
    this.panels.set(key, panel);
    this.drawn.delete(key);
    let run: vscode.CancellationTokenSource | undefined;
    const analyse = (): void => {
      run?.cancel();
      const source = (run = new vscode.CancellationTokenSource());
      void this.analyse(document.uri, panel.webview, source.token).finally(() => source.dispose());
    };
    this.readAgain.set(key, analyse);
    panel.onDidDispose(() => {
      run?.cancel();
      if (this.panels.get(key) !== panel) return;
      this.panels.delete(key);
      this.readAgain.delete(key);
      this.keyLogs.delete(key);
    });
    panel.webview.onDidReceiveMessage((message: WebviewMessage) => {
      switch (message.type) {
        case 'ready':
        case 'retry':
          return analyse();
        case 'openKeyLog':
          return void this.pickKeyLog(document.uri);
        case 'openDoc':
          return void this.openDoc(message.code);
        case 'rendered':
          return this.onRendered(key, message.rendered);
      }
    });
  }

  private onRendered(key: string, rendered: RenderedCapture): void {
    this.drawn.set(key, rendered);
    const waiting = this.waiters.get(key) ?? [];
    const still = waiting.filter((w) => !w.accept(rendered));
    for (const w of waiting) if (!still.includes(w)) w.resolve(rendered);
    this.waiters.set(key, still);
  }

  hooks(): CaptureEditorHooks {
    return {
      rendered: (uri, accept) =>
        new Promise((resolve) => {
          const key = uri.toString();
          const last = this.drawn.get(key);
          if (last !== undefined && accept(last)) return resolve(last);
          this.waiters.set(key, [...(this.waiters.get(key) ?? []), { accept, resolve }]);
        }),
      select: (uri, index) => void this.panels.get(uri.toString())?.webview.postMessage({ type: 'select', index }),
    };
  }

  /**
   * Reads the capture at `uri` with `keyLogFile` from now on while its view is open: again at once when it is open,
   * else when it opens. The user names the file (the dialog or the command's argument), so this works untrusted too:
   * a key log only decrypts the capture, and is not taken from the workspace's settings.
   */
  useKeyLog(uri: vscode.Uri, keyLogFile: string): void {
    const key = uri.toString();
    this.keyLogs.set(key, keyLogFile);
    this.readAgain.get(key)?.();
  }

  private async pickKeyLog(uri: vscode.Uri): Promise<void> {
    const picked = await vscode.window.showOpenDialog({
      title: `Key log (SSLKEYLOGFILE) for ${path.basename(uri.fsPath)}`,
      openLabel: 'Open with this key log',
      canSelectMany: false,
      defaultUri: vscode.Uri.file(path.dirname(uri.fsPath)),
      filters: { 'Key logs': ['log', 'keylog', 'txt'], 'All files': ['*'] },
    });
    if (picked?.[0] !== undefined) this.useKeyLog(uri, picked[0].fsPath);
  }

  private openDoc(code: string): Thenable<unknown> {
    // The cause codes are the probe's: the same page the probe's diagnostics link to.
    const docs = vscode.Uri.joinPath(this.extensionUri, 'docs', 'probe.md').with({ fragment: code });
    return vscode.commands.executeCommand('vscode.open', docs);
  }

  private async analyse(uri: vscode.Uri, webview: vscode.Webview, token: vscode.CancellationToken): Promise<void> {
    const post = (message: unknown): void => void webview.postMessage(message);
    const client = this.client();
    if (client === undefined) return post({ type: 'error', message: 'The language server is not running.' });
    const params: AnalyseCaptureParams = {
      path: uri.fsPath,
      caFiles: caFilesFor(uri),
      ...(this.keyLogs.has(uri.toString()) ? { keyLogFile: this.keyLogs.get(uri.toString()) } : {}),
      workDoneToken: `capture-${Date.now()}-${Math.random()}`,
    };
    post({ type: 'progress', percent: 0 });
    const result = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Reading ${path.basename(uri.fsPath)}`, cancellable: true },
      async (progress, cancelled) => {
        let reported = 0;
        const progressListener = client.onProgress(WorkDoneProgress.type, params.workDoneToken!, (value) => {
          if (value.kind === 'end' || value.percentage === undefined) return;
          progress.report({ increment: value.percentage - reported, message: `${value.percentage}%` });
          reported = value.percentage;
          post({ type: 'progress', percent: value.percentage });
        });
        const both = new vscode.CancellationTokenSource();
        const subscriptions = [token.onCancellationRequested(() => both.cancel()), cancelled.onCancellationRequested(() => both.cancel())];
        try {
          return await client.sendRequest<AnalyseCaptureResult>(ANALYSE_CAPTURE_METHOD, params, both.token);
        } catch (error) {
          if (both.token.isCancellationRequested) return cancelledResult();
          return { ok: false, error: { code: 'unreadable', message: `the language server failed: ${(error as Error).message}` } } as const;
        } finally {
          progressListener.dispose();
          subscriptions.forEach((s) => s.dispose());
          both.dispose();
        }
      },
    );
    if (token.isCancellationRequested) return;
    if (result.ok) {
      // Counted over every connection judged, listed or not (a report lists the first 10,000 failing at most).
      this.output.info(`Capture ${uri.fsPath}: ${counted(result.report.tlsConnections, 'TLS connection')}, ${result.report.failed} failed`);
      post({ type: 'report', report: result.report });
    } else {
      this.output.info(`Capture ${uri.fsPath}: ${result.error.message}`);
      post({ type: 'error', code: result.error.code, message: result.error.message });
    }
  }
}

function cancelledResult(): AnalyseCaptureResult {
  return { ok: false, error: { code: 'cancelled', message: 'Reading the capture was cancelled.' } };
}

/** The probe's truststore files judge the capture's chains too, but only in a trusted workspace (a restricted setting). */
function caFilesFor(uri: vscode.Uri): string[] {
  if (!vscode.workspace.isTrusted) return [];
  const folder = vscode.workspace.getWorkspaceFolder(uri) ?? vscode.workspace.workspaceFolders?.[0];
  const files = vscode.workspace.getConfiguration('apigeeTls', uri).get<unknown>('probe.caFiles');
  if (!Array.isArray(files)) return [];
  const base = folder?.uri.scheme === 'file' ? folder.uri.fsPath : undefined;
  return files
    .filter((f): f is string => typeof f === 'string' && f !== '')
    .flatMap((f) => (path.isAbsolute(f) ? [f] : base === undefined ? [] : [path.resolve(base, f)]));
}
