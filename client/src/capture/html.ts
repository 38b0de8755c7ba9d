// The capture view's page (webview-page.ts: strict CSP, the extension's own script and stylesheet only). Everything
// the capture says is set as text by the script.
import type * as vscode from 'vscode';
import { escapeHtml, webviewPage } from '../webview-page';

export function captureHtml(webview: vscode.Webview, media: vscode.Uri, fileName: string): string {
  return webviewPage(webview, media, {
    title: fileName,
    styles: ['view-base.css', 'capture-view.css'],
    scripts: ['view-dom.js', 'capture-view.js'],
    body: `<header><h1 id="title">${escapeHtml(fileName)}</h1><p id="summary">Reading the capture…</p></header>
<main>
<section id="connections" aria-label="TLS connections"></section>
<section id="details" aria-label="The selected connection"></section>
</main>`,
  });
}
