// "Diagnose clients" in the extension host: the clients report's test hooks, and what its webview draws.
import * as vscode from 'vscode';
import type { ClientsTestHooks, RenderedClients } from '../../../../client/src/clients';
import { DEFAULT_TIMEOUT_MS } from './eventually';
import { EXTENSION_ID } from './workspace';

export async function clientsHooks(): Promise<ClientsTestHooks> {
  const extension = vscode.extensions.getExtension<{ clients: ClientsTestHooks } | undefined>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not loaded`);
  const api = await extension.activate();
  if (!api) throw new Error('the extension exports no test hooks: is it running in ExtensionMode.Test?');
  return api.clients;
}

/** Resolves with what the report draws that `accept` takes. */
export function drawn(hooks: ClientsTestHooks, accept: (r: RenderedClients) => boolean): Promise<RenderedClients> {
  return Promise.race([
    hooks.rendered(accept),
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${DEFAULT_TIMEOUT_MS} ms waiting for the clients report`)), DEFAULT_TIMEOUT_MS),
    ),
  ]);
}
