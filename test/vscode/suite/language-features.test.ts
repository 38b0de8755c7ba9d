import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { waitForAction } from './support/code-actions';
import { waitForRule } from './support/diagnostics';
import { eventually } from './support/eventually';
import { copyTarget, openInEditor, rangeOf } from './support/workspace';

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (typeof content === 'string' ? content : content.value))
    .join('\n');
}

function label(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

suite('language features', () => {
  test('hover on an SSLInfo element explains it', async () => {
    const uri = await copyTarget('clean-backend.xml', 'hover');
    const { document } = await openInEditor(uri);
    const position = rangeOf(document, 'TrustStore', '<SSLInfo>').start.translate(0, 2);
    const text = await eventually('a hover on <TrustStore>', async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, position);
      const content = hoverText(hovers ?? []);
      return content.trim().length > 0 ? content : undefined;
    });
    assert.match(text, /trust/i);
  });

  test('completion inside <SSLInfo> offers its child elements', async () => {
    const uri = await copyTarget('clean-backend.xml', 'completion', (text) =>
      text.replace(/(<Enabled>true<\/Enabled>)(\r?\n)(\s*)/, '$1$2$3$2$3'),
    );
    const { document } = await openInEditor(uri);
    // The blank line added after <Enabled>: its indentation's end.
    const enabled = rangeOf(document, '<Enabled>');
    const position = document.lineAt(enabled.start.line + 1).range.end;
    const labels = await eventually('completions inside <SSLInfo>', async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', uri, position);
      const names = (list?.items ?? []).map(label);
      return names.some((name) => /KeyStore/.test(name)) ? names : undefined;
    });
    for (const child of ['KeyStore', 'KeyAlias', 'ClientAuthEnabled', 'Ciphers']) {
      assert.ok(
        labels.some((name) => name.includes(child)),
        `${child} not offered: ${labels.join(', ')}`,
      );
    }
  });

  test('a source.fixAll.apigeeTls action is offered for a file with findings', async () => {
    const uri = await copyTarget('legacy-backend.xml', 'fix-all');
    const { document } = await openInEditor(uri);
    await waitForRule(uri, 'obsolete-protocol');
    const whole = new vscode.Range(document.positionAt(0), document.positionAt(document.getText().length));
    const kind = 'source.fixAll.apigeeTls';
    const action = await waitForAction(`a ${kind} action`, uri, whole, (a) => a.kind?.value === kind, kind);
    assert.ok(action.edit ?? action.command, 'the fix-all action carries an edit or a command');
  });
});
