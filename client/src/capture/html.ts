// The capture view's page: no inline code, a strict content security policy (only the extension's own script,
// by nonce, and its stylesheet), no remote resources. Everything the capture says is set as text by the script.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function captureHtml(webview: vscode.Webview, media: vscode.Uri, fileName: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string): string => webview.asWebviewUri(joinUri(media, name)).toString();
  const csp = [
    "default-src 'none'",
    `style-src ${webview.cspSource}`,
    `script-src 'nonce-${nonce}'`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(asset('capture-view.css'))}">
<title>${escapeHtml(fileName)}</title>
</head>
<body>
<header><h1 id="title">${escapeHtml(fileName)}</h1><p id="summary">Reading the capture…</p></header>
<main>
<section id="connections" aria-label="TLS connections"></section>
<section id="details" aria-label="The selected connection"></section>
</main>
<script nonce="${nonce}" src="${escapeHtml(asset('capture-view.js'))}"></script>
</body>
</html>`;
}

function joinUri(base: vscode.Uri, name: string): vscode.Uri {
  return base.with({ path: `${base.path.replace(/\/$/, '')}/${name}` });
}
