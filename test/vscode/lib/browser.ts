// Opens the workbench in headless Debian Chromium and relays the extension test run's output and exit code.
import * as fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';
import { onCleanup } from './cleanup';

const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

export function chromiumPath(env: NodeJS.ProcessEnv = process.env): string {
  const candidate = env.CHROMIUM_PATH ?? '/usr/bin/chromium';
  if (!fs.existsSync(candidate)) {
    throw new Error(`no Chromium at ${candidate}: run 'bash scripts/install-code-server.sh' (as root) or set CHROMIUM_PATH`);
  }
  return candidate;
}

export async function launchBrowser(env: NodeJS.ProcessEnv): Promise<Browser> {
  const browser = await chromium.launch({ executablePath: chromiumPath(env), headless: true, args: CHROMIUM_ARGS, env });
  onCleanup(() => browser.close());
  return browser;
}

export interface TestRunUrl {
  origin: string;
  /** Authority of the vscode-remote URIs, e.g. 127.0.0.1:PORT. */
  authority: string;
  workspace: string;
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
}

/** The workbench URL that makes the extension host load the extension in development mode and run its tests. */
export function testRunUrl(spec: TestRunUrl): string {
  const remote = (p: string): string => `vscode-remote://${spec.authority}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(spec.extensionDevelopmentPath)],
    ['extensionTestsPath', remote(spec.extensionTestsPath)],
  ];
  const query = new URLSearchParams({ folder: spec.workspace, payload: JSON.stringify(payload) });
  return `${spec.origin}/?${query.toString()}`;
}

/**
 * Loads the URL and resolves with the code the workbench passes to codeAutomationExit.
 * Every codeAutomationLog line goes to `log`.
 */
export async function runTestsInPage(browser: Browser, url: string, log: (level: string, message: unknown) => void): Promise<number> {
  const page = await browser.newPage();
  let settle: { resolve(code: number): void; reject(error: Error): void } | undefined;
  const exit = new Promise<number>((resolve, reject) => {
    settle = { resolve, reject };
  });
  page.once('crash', () => settle?.reject(new Error('the workbench page crashed')));
  await page.exposeFunction('codeAutomationExit', (code: unknown) => settle?.resolve(typeof code === 'number' ? code : 1));
  await page.exposeFunction('codeAutomationLog', (level: unknown, message: unknown) => {
    log(String(level), message);
  });
  if (process.env.VSCODE_TEST_VERBOSE === '1') {
    page.on('console', (message) => console.error(`[page ${message.type()}] ${message.text()}`));
  }
  await page.goto(url, { waitUntil: 'domcontentloaded' });
  return exit;
}
