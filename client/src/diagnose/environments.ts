// Which environments to diagnose when a connection is deployed to several: a quick pick with "All environments",
// the last choice remembered per workspace (workspaceState) and offered first.
import * as vscode from 'vscode';

export const ALL_ENVIRONMENTS = 'All environments';
const REMEMBERED = 'apigeeTls.diagnose.environment';

export interface EnvironmentPick {
  /** The labels in order: "All environments", then each environment. */
  items: readonly string[];
  /** The item the pick starts on: the last choice, when it is still offered. */
  active: string | undefined;
}

/** Shows the pick (or lets a test answer it); resolves with the label chosen, undefined when dismissed. */
export type EnvironmentPicker = (pick: EnvironmentPick) => Thenable<string | undefined>;

export const quickPick: EnvironmentPicker = (pick) =>
  new Promise((resolve) => {
    const qp = vscode.window.createQuickPick();
    qp.title = 'Diagnose target TLS';
    qp.placeholder = 'In which environment?';
    qp.items = pick.items.map((label) => ({ label }));
    const active = qp.items.find((i) => i.label === pick.active);
    if (active !== undefined) qp.activeItems = [active];
    let chosen: string | undefined;
    qp.onDidAccept(() => {
      chosen = qp.selectedItems[0]?.label ?? qp.activeItems[0]?.label;
      qp.hide();
    });
    qp.onDidHide(() => {
      qp.dispose();
      resolve(chosen);
    });
    qp.show();
  });

/** The environments to probe: every one when there is at most one, else the user's choice (undefined: dismissed). */
export async function chooseEnvironments(
  envs: readonly string[],
  state: vscode.Memento,
  pick: EnvironmentPicker,
): Promise<readonly string[] | undefined> {
  if (envs.length <= 1) return envs;
  const items = [ALL_ENVIRONMENTS, ...envs];
  const last = state.get<string>(REMEMBERED);
  const chosen = await pick({ items, active: last !== undefined && items.includes(last) ? last : undefined });
  if (chosen === undefined) return undefined;
  await state.update(REMEMBERED, chosen);
  return chosen === ALL_ENVIRONMENTS ? envs : [chosen];
}
