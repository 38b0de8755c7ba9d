// The consent question before probing from an untrusted workspace: a modal naming every host the server will dial.
import * as vscode from 'vscode';

export const PROBE = 'Probe';
/**
 * The modal's buttons in order. VS Code focuses the first one (Enter presses it), so it must not be Probe: a
 * security prompt is not agreed to by reflex. VS Code adds its own Cancel (Escape).
 */
export const CONSENT_BUTTONS = ["Don't Probe", PROBE] as const;

export interface ConsentQuestion {
  message: string;
  detail: string;
  buttons: readonly string[];
}

/** Shows the question (or lets a test answer it); resolves with the button pressed, undefined when dismissed. */
export type ConsentAsker = (question: ConsentQuestion) => Thenable<string | undefined>;

export const askModal: ConsentAsker = (question) =>
  vscode.window.showWarningMessage(question.message, { modal: true, detail: question.detail }, ...question.buttons);

/** The proxies named in consent words (`host:port via proxy http://p:3128`), each once. */
export function proxiesIn(hosts: readonly string[]): string[] {
  return [...new Set(hosts.flatMap((h) => / via proxy (\S+)$/.exec(h)?.[1] ?? []))];
}

export function consentQuestion(hosts: readonly string[]): ConsentQuestion {
  const list = hosts.length === 1 ? hosts[0]! : `${hosts.length} hosts`;
  const proxies = proxiesIn(hosts);
  const through =
    proxies.length === 0
      ? ''
      : `${hosts.length === 1 ? 'It goes' : 'Those named "via proxy" go'} through the HTTP proxy ${proxies.join(', ')} (a CONNECT tunnel): the proxy sees which host and port are asked for. `;
  return {
    message: `Probe ${list}? This workspace is not trusted.`,
    detail:
      `Diagnose target TLS connects to ${hosts.join(', ')} and sends TLS handshakes, nothing else. ` +
      through +
      "The hosts come from files of this untrusted workspace; the workspace's CA, client certificate and address " +
      'settings are not used, and no client certificate is presented.',
    buttons: CONSENT_BUTTONS,
  };
}
