import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { eventually } from './support/eventually';
import { testHooks, type TestHooks } from './support/probe';
import { workspaceUri } from './support/workspace';

// A project generated here: six environments, their files listed after many TargetEndpoints (`apiproxy/` before
// `resources/`) that the server parses (about 0.5 ms each, 1,500 in 50 turns of the event loop) and that have no
// connection to list, so that the view is drawn while the server indexes, long before it reads an environment.
const FOLDER = 'indexing-test';
const ENVS = ['idx-a', 'idx-b', 'idx-c', 'idx-d', 'idx-e', 'idx-f'];
const ENDPOINTS = 1500;
const STEPS = Array.from(
  { length: 100 },
  (_, i) => `<Step><Name>assign-${i}</Name><Condition>request.header.h${i} = "x"</Condition></Step>`,
);
/** How long the view must stay unchanged before the server is restarted (its own file-change refresh is done). */
const QUIET_MS = 1500;

interface Tree {
  getChildren(node?: unknown): Thenable<unknown[]> | unknown[];
  getTreeItem(node: unknown): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
}

function generate(root: string): void {
  const files: Record<string, string> = { 'pom.xml': '<project/>\n' };
  const flow = `<PreFlow><Request>\n${STEPS.join('\n')}\n</Request></PreFlow>`;
  for (let i = 0; i < ENDPOINTS; i++)
    files[`apiproxy/targets/local-${i}.xml`] =
      `<TargetEndpoint name="local-${i}">\n${flow}\n<LocalTargetConnection><Path>/${i}</Path></LocalTargetConnection>\n</TargetEndpoint>\n`;
  for (const env of ENVS) {
    const server = { name: `backend-${env}`, host: `${env}.example.com`, port: 443, isEnabled: true, sSLInfo: { enabled: 'true' } };
    files[`resources/edge/env/${env}/targetServers.json`] = JSON.stringify([server]);
  }
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
}

/** Resolves once `event` has not fired for `ms` (bounded: at most 20 quiet periods). */
async function quiet(event: vscode.Event<unknown>, ms: number): Promise<void> {
  for (let round = 0; round < 20; round++) {
    let fired = false;
    const subscription = event(() => (fired = true));
    await new Promise((resolve) => setTimeout(resolve, ms));
    subscription.dispose();
    if (!fired) return;
  }
}

suite('The Apigee TLS view while the server indexes', () => {
  let tree: Tree;

  suiteSetup(async () => {
    tree = ((await testHooks()) as TestHooks & { tree: Tree }).tree;
    await vscode.commands.executeCommand('apigeeTls.connections.focus');
    generate(workspaceUri(FOLDER).fsPath);
    // The view asks again shortly after files are created: let that pass, so that only the server refreshes it below.
    await quiet(tree.onDidChangeTreeData, QUIET_MS);
  });

  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(workspaceUri(FOLDER), { recursive: true, useTrash: false });
  });

  test('drawn while the restarted server indexes, the view lists every environment once the index completes, without Refresh', async () => {
    // What the view showed at each redraw (getChildren answers from the view's cache until it is refreshed).
    const shown: string[][] = [];
    const environments = async (): Promise<string[]> => {
      const labels = (await tree.getChildren()).map((node) => String(tree.getTreeItem(node).label));
      if (JSON.stringify(shown.at(-1)) !== JSON.stringify(labels)) shown.push(labels);
      return labels;
    };
    await vscode.commands.executeCommand('apigeeTls.restartServer');
    try {
      await eventually('every generated environment in the view', async () => {
        const labels = await environments();
        return ENVS.every((env) => labels.includes(env)) ? labels : undefined;
      });
    } catch (error) {
      throw new Error(`${(error as Error).message}; the view showed, in order: ${JSON.stringify(shown)}`, { cause: error });
    }
  });
});
