// The "Apigee TLS" view as the user sees it: its nodes' labels, descriptions, icons and context values, found by path.
import * as vscode from 'vscode';
import { eventually } from './eventually';

/** A node of the "Apigee TLS" view as the user sees it. */
export interface Shown {
  label: string;
  description: string;
  icon: string | undefined;
  context: string | undefined;
  node: unknown;
}

export interface Tree {
  getChildren(node?: unknown): Thenable<unknown[]> | unknown[];
  getTreeItem(node: unknown): vscode.TreeItem;
  onDidChangeTreeData: vscode.Event<unknown>;
}

export async function shown(tree: Tree, parent?: unknown): Promise<Shown[]> {
  return (await tree.getChildren(parent)).map((node) => {
    const item = tree.getTreeItem(node);
    return {
      label: String(item.label),
      description: String(item.description ?? ''),
      icon: (item.iconPath as vscode.ThemeIcon | undefined)?.id,
      context: item.contextValue,
      node,
    };
  });
}

/** The node at this path of labels, once `accept` takes it (walked from the top each time: the view is asked again). */
export async function nodeAt(tree: Tree, path: string[], accept: (s: Shown) => boolean = () => true): Promise<Shown> {
  let last: Shown[] = [];
  const look = async (): Promise<Shown | undefined> => {
    let node: Shown | undefined;
    for (const label of path) {
      last = await shown(tree, node?.node);
      node = last.find((s) => s.label === label);
      if (node === undefined) return undefined;
    }
    return accept(node!) ? node : undefined;
  };
  try {
    return await eventually(`${path.join(' > ')} in the Apigee TLS view`, look);
  } catch (error) {
    const now = JSON.stringify(last.map(({ label, description, icon }) => [label, description, icon]));
    throw new Error(`${(error as Error).message}; now: ${now}`, { cause: error });
  }
}
