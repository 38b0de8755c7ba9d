// The capture view in the extension host: committed captures copied into the workspace, and what the webview
// drew, as its script reports it back through the extension's test hooks.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_TIMEOUT_MS } from './eventually';
import { EXTENSION_ID, workspaceUri } from './workspace';

import type { RenderedCapture } from '../../../../client/src/capture/editor';

export type { RenderedCapture };

export interface CaptureHooks {
  rendered(uri: vscode.Uri, accept: (r: RenderedCapture) => boolean): Promise<RenderedCapture>;
  select(uri: vscode.Uri, index: number): void;
}

/** test/capture/fixtures in the repository (the suite runs from out/test/vscode/suite). */
const FIXTURES = path.resolve(__dirname, '..', '..', '..', '..', 'test', 'capture', 'fixtures');

export async function copyCapture(name: string, as = name): Promise<vscode.Uri> {
  const uri = workspaceUri('captures', as);
  await vscode.workspace.fs.writeFile(uri, fs.readFileSync(path.join(FIXTURES, name)));
  return uri;
}

export async function captureHooks(): Promise<CaptureHooks> {
  const extension = vscode.extensions.getExtension<{ capture: CaptureHooks } | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  if (!api) throw new Error('the extension exports no test hooks: is it running in ExtensionMode.Test?');
  return api.capture;
}

/** What the view of `uri` draws next that `accept` takes, within the wait limit. */
export function drawn(hooks: CaptureHooks, uri: vscode.Uri, accept: (r: RenderedCapture) => boolean): Promise<RenderedCapture> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`timed out after ${DEFAULT_TIMEOUT_MS} ms waiting for the capture view of ${uri.path}`)),
      DEFAULT_TIMEOUT_MS,
    );
    hooks.rendered(uri, accept).then(
      (r) => {
        clearTimeout(timer);
        resolve(r);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}

/** The view type of the active editor tab, when it is a custom editor. */
export function activeCustomEditor(): { viewType: string; uri: string } | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputCustom ? { viewType: input.viewType, uri: input.uri.toString() } : undefined;
}
