// The clients report's page (webview-page.ts: strict CSP, the extension's own script and stylesheet only). Every
// string of the report is set as text by the script.
import type * as vscode from 'vscode';
import { escapeHtml, webviewPage } from '../webview-page';

export function clientsHtml(webview: vscode.Webview, media: vscode.Uri, title: string): string {
  return webviewPage(webview, media, {
    title,
    styles: ['view-base.css', 'clients-view.css'],
    scripts: ['view-dom.js', 'clients-view.js'],
    body: `<header><h1 id="title">${escapeHtml(title)}</h1><p id="summary">Simulating the clients…</p></header>
<main>
<section id="server" aria-label="The front door"></section>
<section id="groups" aria-label="Clients by verdict"></section>
</main>`,
  });
}
