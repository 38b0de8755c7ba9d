// A webview page of the extension: no inline code, a strict content security policy (only the extension's own
// scripts, by nonce, and its stylesheets), no remote resources. `body` is the page's fixed markup; every string a
// report brings is set as text by the page's script, never as HTML.
import { randomBytes } from 'node:crypto';
import type * as vscode from 'vscode';

export const escapeHtml = (text: string): string =>
  text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export interface PageParts {
  title: string;
  /** File names in media/. */
  styles: string[];
  scripts: string[];
  body: string;
}

export function webviewPage(webview: vscode.Webview, media: vscode.Uri, parts: PageParts): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (name: string): string =>
    escapeHtml(webview.asWebviewUri(media.with({ path: `${media.path.replace(/\/$/, '')}/${name}` })).toString());
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
${parts.styles.map((s) => `<link rel="stylesheet" href="${asset(s)}">`).join('\n')}
<title>${escapeHtml(parts.title)}</title>
</head>
<body>
${parts.body}
${parts.scripts.map((s) => `<script nonce="${nonce}" src="${asset(s)}"></script>`).join('\n')}
</body>
</html>`;
}
