// extensionTestsPath entry: VS Code's extension host calls run() and reports its outcome.
import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { printMarked } from './output-marker';

export async function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    timeout: Number(process.env.VSCODE_TEST_CASE_TIMEOUT_MS ?? 30_000),
  });
  const grep = process.env.VSCODE_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const name of fs.readdirSync(__dirname).sort()) {
    if (name.endsWith('.test.js')) mocha.addFile(path.join(__dirname, name));
  }
  Mocha.reporters.Base.consoleLog = printMarked;
  await mocha.loadFilesAsync();
  const stats = await new Promise<Mocha.Stats>((resolve) => {
    const runner = mocha.run(() => resolve(runner.stats ?? ({ passes: 0, failures: 1 } as Mocha.Stats)));
  });
  // The plain closing line CI reads.
  printMarked(`vscode: ${stats.passes} passed, ${stats.failures} failed`);
  if (stats.failures > 0) throw new Error(`${stats.failures} test(s) failed`);
  if (stats.passes === 0) throw new Error('no test ran');
}
