// The "Apigee TLS" view in the Explorer: every connection the language server's workspace model knows
// (`apigeeTls/connections` without a uri), by environment, with the last diagnosis; "Diagnose" on a node and
// "Diagnose all" on an environment go through the lens's flow (consent when untrusted, progress with Cancel).
// Asked again when the server says results changed, and after files or settings change.
import * as vscode from 'vscode';
import { State as ClientState, type LanguageClient } from 'vscode-languageclient/node';
import { NORTHBOUND_REQUEST, type NorthboundLocation, type NorthboundResult } from '../../../server/src/shared/northbound-protocol';
import { CONNECTIONS_CHANGED_NOTIFICATION, CONNECTIONS_REQUEST, type ConnectionsResult } from '../../../server/src/shared/protocol';
import { DIAGNOSE_CLIENTS_COMMAND } from '../clients';
import { diagnoseConnections, type DiagnoseContext, type DiagnoseOutcome } from './command';
import { reportOf } from './present';
import {
  descriptionOf,
  envDescription,
  groupConnections,
  idsOf,
  NO_ENVIRONMENT,
  stateOf,
  useLabel,
  withNorthbound,
  type EnvNode,
  type State,
  type TreeNode as ConnectionNode,
} from './tree-model';
import {
  diagnosableHosts,
  entryChildren,
  entryDescription,
  entryTooltip,
  northboundByEnv,
  sectionDescription,
  type NbNode,
} from './northbound-model';

export type TreeNode = ConnectionNode | NbNode;

const isNorthbound = (node: TreeNode): node is NbNode => node.kind === 'nb-section' || node.kind === 'nb-entry' || node.kind === 'nb-leaf';

export const VIEW_ID = 'apigeeTls.connections';
export const DIAGNOSE_NODE_COMMAND = 'apigeeTls.view.diagnose';
export const DIAGNOSE_ALL_COMMAND = 'apigeeTls.view.diagnoseAll';
export const REFRESH_COMMAND = 'apigeeTls.view.refresh';
export const DIAGNOSE_FRONT_DOOR_COMMAND = 'apigeeTls.view.diagnoseClients';

const open = (at: NorthboundLocation): vscode.Command => {
  const { start, end } = at.range;
  return {
    command: 'vscode.open',
    title: 'Open',
    arguments: [vscode.Uri.parse(at.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) }],
  };
};

const LEAF_ICONS = { host: 'globe', keystore: 'key', proxy: 'symbol-interface' } as const;

const ICONS: Record<State, vscode.ThemeIcon> = {
  ok: new vscode.ThemeIcon('pass', new vscode.ThemeColor('testing.iconPassed')),
  failing: new vscode.ThemeIcon('error', new vscode.ThemeColor('testing.iconFailed')),
  unknown: new vscode.ThemeIcon('circle-large-outline'),
  'not-probeable': new vscode.ThemeIcon('circle-slash'),
};

/** The codicon id of a state (what the tests read). */
export const iconOf = (state: State): string => ICONS[state].id;

export class ConnectionsTree implements vscode.TreeDataProvider<TreeNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private roots: Promise<EnvNode[]> | undefined;

  constructor(private readonly client: () => LanguageClient | undefined) {}

  /** Forget the answer: the view asks the server again when it next draws. */
  refresh(): void {
    this.roots = undefined;
    this.changed.fire();
  }

  getChildren(node?: TreeNode): Promise<TreeNode[]> | TreeNode[] {
    if (node === undefined) return (this.roots ??= this.load());
    if (node.kind === 'env')
      return [
        ...(node.northbound === undefined ? [] : [{ kind: 'nb-section' as const, env: node.env, entries: node.northbound }]),
        ...node.targets,
      ];
    if (node.kind === 'nb-section') return node.entries.map((entry) => ({ kind: 'nb-entry' as const, entry }));
    if (node.kind === 'nb-entry') return entryChildren(node.entry);
    if (node.kind === 'target') return node.connections.map((connection) => ({ kind: 'use', connection }));
    return [];
  }

  private async load(): Promise<EnvNode[]> {
    const client = this.client();
    if (client === undefined) return [];
    try {
      const [connections, northbound] = await Promise.all([
        client.sendRequest<ConnectionsResult>(CONNECTIONS_REQUEST, {}),
        // A server without the northbound request (an older one): the connections alone.
        client.sendRequest<NorthboundResult>(NORTHBOUND_REQUEST, {}).catch((): NorthboundResult => ({ entries: [] })),
      ]);
      return withNorthbound(groupConnections(connections.connections), northboundByEnv(northbound.entries), northbound.environments);
    } catch {
      // The server is not running (yet, or any more): an empty view, asked again on the next change.
      this.roots = undefined;
      return [];
    }
  }

  getTreeItem(node: TreeNode): vscode.TreeItem {
    if (isNorthbound(node)) return northboundItem(node);
    if (node.kind === 'env') {
      const item = new vscode.TreeItem(node.env ?? NO_ENVIRONMENT, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `env:${node.env ?? ''}`;
      item.description = envDescription(node);
      item.iconPath = new vscode.ThemeIcon('server-environment');
      item.contextValue = idsOf(node).length > 0 ? 'apigeeTls.environment' : 'apigeeTls.environment.none';
      return item;
    }
    if (node.kind === 'target') {
      const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `target:${node.env ?? ''}:${node.server ? 'server' : 'url'}:${node.label}`;
      item.description = descriptionOf(node.connections);
      item.iconPath = ICONS[stateOf(node.connections)];
      item.tooltip = [
        node.server ? `TargetServer '${node.label}'` : node.label,
        ...node.connections.map((c) => (c.last === null ? `${useLabel(c)}: ${descriptionOf([c])}` : reportOf(c.last))),
      ].join('\n');
      item.contextValue = idsOf(node).length > 0 ? 'apigeeTls.connection' : 'apigeeTls.connection.none';
      return item;
    }
    const c = node.connection;
    const item = new vscode.TreeItem(useLabel(c), vscode.TreeItemCollapsibleState.None);
    item.id = `use:${c.id}`;
    item.description = descriptionOf([c]);
    item.iconPath = ICONS[stateOf([c])];
    item.tooltip = c.last === null ? descriptionOf([c]) : reportOf(c.last);
    item.contextValue = c.notProbeable === null ? 'apigeeTls.connection' : 'apigeeTls.connection.none';
    const site = c.sites[0];
    if (site !== undefined) {
      const { start, end } = site.range;
      item.command = {
        command: 'vscode.open',
        title: 'Open',
        arguments: [vscode.Uri.parse(site.uri), { selection: new vscode.Range(start.line, start.character, end.line, end.character) }],
      };
    }
    return item;
  }
}

/** The NORTHBOUND section's items: each opens its definition; a diagnosable one offers "Diagnose clients". */
function northboundItem(node: NbNode): vscode.TreeItem {
  const diagnosable = diagnosableHosts(node).length > 0 ? 'apigeeTls.frontDoor' : 'apigeeTls.frontDoor.none';
  if (node.kind === 'nb-section') {
    const item = new vscode.TreeItem('NORTHBOUND', vscode.TreeItemCollapsibleState.Expanded);
    item.id = `nb:${node.env ?? ''}`;
    item.description = sectionDescription(node.entries);
    item.iconPath = new vscode.ThemeIcon('arrow-down');
    item.tooltip = 'The front doors API clients call in this environment, from the configuration';
    return item;
  }
  if (node.kind === 'nb-entry') {
    const e = node.entry;
    const item = new vscode.TreeItem(e.name, vscode.TreeItemCollapsibleState.Collapsed);
    item.id = `nb:${e.env ?? ''}:${e.kind}:${e.name}:${e.at.uri}`;
    item.description = entryDescription(e);
    item.tooltip = entryTooltip(e);
    item.iconPath = new vscode.ThemeIcon(e.tls === 'plain HTTP' ? 'unlock' : 'lock');
    item.contextValue = diagnosable;
    item.command = open(e.at);
    return item;
  }
  const item = new vscode.TreeItem(node.label, vscode.TreeItemCollapsibleState.None);
  item.id = `nb:${node.entry.env ?? ''}:${node.entry.kind}:${node.entry.name}:${node.entry.at.uri}:${node.role}:${node.label}`;
  item.description = node.description;
  item.iconPath = new vscode.ThemeIcon(LEAF_ICONS[node.role]);
  item.contextValue = diagnosable;
  if (node.at !== null) item.command = open(node.at);
  return item;
}

/** "Diagnose clients" on a front door: the report's command (consent when untrusted); the host picked when several. */
async function diagnoseFrontDoor(node?: TreeNode): Promise<unknown> {
  const hosts = node === undefined || !isNorthbound(node) ? [] : diagnosableHosts(node);
  const host =
    hosts.length <= 1
      ? hosts[0]
      : (
          await vscode.window.showQuickPick(
            hosts.map((h) => ({ label: h.target!, description: h.name, host: h })),
            { title: 'Diagnose clients of' },
          )
        )?.host;
  if (host === undefined || host.target === null) return undefined;
  return vscode.commands.executeCommand(DIAGNOSE_CLIENTS_COMMAND, {
    target: host.target,
    scopeUri: host.at.uri,
    at: host.at,
    ...(host.note === null ? {} : { note: host.note }),
  });
}

/** Reachable only from the extension's own test run: the view's provider, and Diagnose on one of its nodes. */
export interface TreeTestHooks {
  tree: ConnectionsTree;
}

export function registerConnectionsTree(
  context: vscode.ExtensionContext,
  client: () => LanguageClient | undefined,
  ctx: DiagnoseContext,
): TreeTestHooks {
  const tree = new ConnectionsTree(client);
  const diagnose = async (node?: TreeNode): Promise<DiagnoseOutcome> => {
    // A front door is diagnosed by its clients (Diagnose clients), never by dialling every connection.
    if (node !== undefined && isNorthbound(node)) return { outcome: 'no-target', reason: 'a front door: use Diagnose clients' };
    const outcome = await diagnoseConnections(ctx, node === undefined ? [] : idsOf(node));
    // The server notifies too; this covers a run whose results changed nothing it tracks (all cancelled).
    tree.refresh();
    return outcome;
  };
  let pending: NodeJS.Timeout | undefined;
  // Files and settings decide what is dialled: ask again shortly after they change (one request for a burst).
  const soon = (): void => {
    clearTimeout(pending);
    pending = setTimeout(() => tree.refresh(), 300);
  };
  const files = vscode.workspace.createFileSystemWatcher('**/*.{xml,json,yaml,yml,tf,tfvars}');
  context.subscriptions.push(
    vscode.window.createTreeView(VIEW_ID, { treeDataProvider: tree, showCollapseAll: true }),
    vscode.commands.registerCommand(DIAGNOSE_NODE_COMMAND, diagnose),
    vscode.commands.registerCommand(DIAGNOSE_ALL_COMMAND, diagnose),
    vscode.commands.registerCommand(REFRESH_COMMAND, () => tree.refresh()),
    vscode.commands.registerCommand(DIAGNOSE_FRONT_DOOR_COMMAND, diagnoseFrontDoor),
    files,
    files.onDidCreate(soon),
    files.onDidDelete(soon),
    vscode.workspace.onDidSaveTextDocument(soon),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('apigeeTls') && soon()),
    { dispose: () => clearTimeout(pending) },
  );
  // Registered before the client starts: vscode-languageclient keeps it until the connection exists.
  client()?.onNotification(CONNECTIONS_CHANGED_NOTIFICATION, () => tree.refresh());
  // A server that (re)started knows none of the last one's results and indexes anew: ask it now, and again when
  // its index announces that every file is read.
  const started = client()?.onDidChangeState((e) => {
    if (e.newState === ClientState.Running) tree.refresh();
  });
  if (started !== undefined) context.subscriptions.push(started);
  return { tree };
}
