// The server offers the "Diagnose target TLS" CodeLens (any editor runs its `apigeeTls.diagnose` directly); in
// VS Code the lens runs the client's command instead, which asks consent and environments before forwarding. The
// "Diagnose clients" lens on a front door likewise runs the clients report's command.
import * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient/node';
import { DIAGNOSE_CLIENTS_AT_COMMAND, DIAGNOSE_COMMAND } from '../../../server/src/shared/protocol';
import { DIAGNOSE_CLIENTS_COMMAND } from '../clients';

export const DIAGNOSE_TARGET_COMMAND = 'apigeeTls.diagnoseTarget';

export const codeLensMiddleware: Pick<Middleware, 'provideCodeLenses'> = {
  provideCodeLenses: async (document, token, next) => {
    const lenses = await next(document, token);
    return lenses?.map((lens) =>
      lens.command?.command === DIAGNOSE_COMMAND
        ? new vscode.CodeLens(lens.range, { ...lens.command, command: DIAGNOSE_TARGET_COMMAND, tooltip: 'Diagnose target TLS' })
        : // "Diagnose clients" on a front door: the report view's command, with consent; it passes the lens's place on.
          lens.command?.command === DIAGNOSE_CLIENTS_AT_COMMAND
          ? new vscode.CodeLens(lens.range, { ...lens.command, command: DIAGNOSE_CLIENTS_COMMAND, tooltip: 'Diagnose clients' })
          : lens,
    );
  },
};
