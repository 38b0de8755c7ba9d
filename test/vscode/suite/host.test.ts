import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

suite('VS Code host', () => {
  test('is VS Code 1.91 or later (vscode-languageclient 11 needs it)', () => {
    const [major = 0, minor = 0] = vscode.version.split('.').map(Number);
    assert.ok(major > 1 || (major === 1 && minor >= 91), `VS Code ${vscode.version}`);
  });
});
