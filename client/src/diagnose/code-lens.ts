// The server offers the "Diagnose target TLS" CodeLens (any editor runs its `apigeeTls.diagnose` directly); in
// VS Code the lens runs the client's command instead, which asks consent and environments before forwarding.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { DIAGNOSE_COMMAND } from '../../../server/src/shared/protocol';

export const DIAGNOSE_TARGET_COMMAND = 'apigeeTls.diagnoseTarget';

export const codeLensMiddleware: Pick<Middleware, 'provideCodeLenses'> = {
  provideCodeLenses: async (document, token, next) => {
    const lenses = await next(document, token);
    return lenses?.map((lens) =>
      lens.command?.command === DIAGNOSE_COMMAND
        ? new vscode.CodeLens(lens.range, { ...lens.command, command: DIAGNOSE_TARGET_COMMAND, tooltip: 'Diagnose target TLS' })
        : lens,
    );
  },
};
