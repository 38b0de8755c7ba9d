// A second, independent LSP client: Neovim (0.7, Debian) runs `apigee-tls-lint lsp --stdio` and shows the pushed
// diagnostics (vim.diagnostic.get), and runs the server's "Diagnose target TLS" (code lens → executeCommand).
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { after, test } from 'node:test';
import { runCleanup } from '../vscode/lib/cleanup';
import { makeIsolatedEnv } from '../vscode/lib/isolated-env';
import { fixtureWorkspace, repoRoot } from '../vscode/lib/paths';
import { startProcess } from '../vscode/lib/processes';
import { testPki } from '../probe/support/pki';
import { certArgs, startOpenssl } from '../probe/support/servers';

interface NvimDiagnostic {
  code?: string;
  source?: string;
  severity: number;
  message: string;
  lnum: number;
  col: number;
  end_lnum: number;
  end_col: number;
}

const nvimMissing = spawnSync('nvim', ['--version']).status !== 0;

after(runCleanup);

test(
  'Neovim shows the obsolete-protocol diagnostic at the TLSv1.0 text',
  { skip: nvimMissing ? 'nvim not installed (apt-get install neovim)' : false, timeout: 60_000 },
  async () => {
    const isolated = await makeIsolatedEnv('apigee-tls-neovim-test');
    const file = path.join(isolated.root, 'legacy-backend.xml');
    fs.copyFileSync(path.join(fixtureWorkspace, 'apiproxy', 'targets', 'legacy-backend.xml'), file);
    const out = path.join(isolated.root, 'result.json');
    const script = path.join(__dirname, 'neovim', 'diagnostics.lua');
    const env = {
      ...isolated.env,
      APIGEE_TLS_CMD: JSON.stringify([path.join(repoRoot, 'bin', 'apigee-tls-lint'), 'lsp', '--stdio']),
      APIGEE_TLS_FILE: file,
      APIGEE_TLS_OUT: out,
    };
    const nvim = startProcess('nvim', ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${script}`], { env });
    const code = await nvim.exited;
    assert.equal(code, 0, nvim.output());
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as { arrived?: boolean; error?: string; diagnostics?: NvimDiagnostic[] };
    assert.equal(result.error, undefined);
    assert.equal(result.arrived, true, 'no diagnostics arrived');

    const text = fs.readFileSync(file, 'utf8');
    const offset = text.indexOf('TLSv1.0');
    const lines = text.slice(0, offset).split('\n');
    const lnum = lines.length - 1;
    const col = lines[lnum]!.length;
    const found = (result.diagnostics ?? []).filter((d) => d.code === 'obsolete-protocol');
    assert.equal(found.length, 1, JSON.stringify(result.diagnostics));
    assert.deepEqual(
      {
        source: found[0]!.source,
        severity: found[0]!.severity,
        lnum: found[0]!.lnum,
        col: found[0]!.col,
        end_lnum: found[0]!.end_lnum,
        end_col: found[0]!.end_col,
      },
      { source: 'apigee-tls-lint', severity: 1, lnum, col, end_lnum: lnum, end_col: col + 'TLSv1.0'.length },
    );
  },
);

test(
  'Neovim runs "Diagnose target TLS" through the server alone: the lens, the command, the probe diagnostic at the <URL>',
  { skip: nvimMissing ? 'nvim not installed (apt-get install neovim)' : false, timeout: 90_000 },
  async () => {
    const pki = await testPki();
    const backend = await startOpenssl([...certArgs(pki, 'good'), '-tls1', '-cipher', 'DEFAULT@SECLEVEL=0']);
    try {
      const isolated = await makeIsolatedEnv('apigee-tls-neovim-probe');
      const url = `https://legacy.probe.test:${backend.port}/v1`;
      const text = `<TargetEndpoint name="default">\n  <HTTPTargetConnection>\n    <URL>${url}</URL>\n  </HTTPTargetConnection>\n</TargetEndpoint>\n`;
      const file = path.join(isolated.root, 'legacy.xml');
      fs.writeFileSync(file, text);
      const out = path.join(isolated.root, 'probe.json');
      const env = {
        ...isolated.env,
        APIGEE_TLS_CMD: JSON.stringify([path.join(repoRoot, 'bin', 'apigee-tls-lint'), 'lsp', '--stdio']),
        APIGEE_TLS_FILE: file,
        APIGEE_TLS_OUT: out,
        APIGEE_TLS_RESOLVE: JSON.stringify({ [`legacy.probe.test:${backend.port}`]: '127.0.0.1' }),
      };
      const script = path.join(__dirname, 'neovim', 'probe.lua');
      const nvim = startProcess('nvim', ['--headless', '--clean', '-i', 'NONE', '-n', '-c', `luafile ${script}`], { env });
      assert.equal(await nvim.exited, 0, nvim.output());
      const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        error?: string;
        lenses?: number;
        title?: string;
        items?: { ok: boolean; summary: string }[];
        arrived?: boolean;
        diagnostics?: { code: string; lnum: number; col: number }[];
      };
      assert.equal(result.error, undefined);
      const urlLine = text.split('\n').findIndex((l) => l.includes('<URL>'));
      assert.deepEqual(
        [result.lenses, result.title, result.items?.map((i) => i.ok), result.arrived, result.diagnostics?.map((d) => [d.code, d.lnum])],
        [1, 'Diagnose target TLS', [false], true, [['protocol-mismatch', urlLine]]],
      );
    } finally {
      await backend.stop();
    }
  },
);

/** The lua block after `<!-- neovim-0.7-recipe -->` in README.md, verbatim. */
function readmeRecipe(): string {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const m = /<!-- neovim-0\.7-recipe -->\n```lua\n([\s\S]*?)```\n/.exec(readme);
  assert.ok(m !== null, 'README.md holds the Neovim 0.7 recipe after its marker');
  return m[1]!;
}

test(
  "the README's Neovim 0.7 recipe, verbatim as init.lua, attaches to every XML and JSON buffer and shows their diagnostics",
  { skip: nvimMissing ? 'nvim not installed (apt-get install neovim)' : false, timeout: 90_000 },
  async () => {
    const isolated = await makeIsolatedEnv('apigee-tls-neovim-readme');
    const init = path.join(isolated.root, 'init.lua');
    fs.writeFileSync(init, readmeRecipe());
    // `apigee-tls-lint` on PATH, as after `npm install -g` of the tarball.
    const bin = path.join(isolated.root, 'bin');
    fs.mkdirSync(bin);
    fs.symlinkSync(path.join(repoRoot, 'bin', 'apigee-tls-lint'), path.join(bin, 'apigee-tls-lint'));
    const project = path.join(isolated.root, 'project');
    const xml = path.join(project, 'apiproxy', 'targets', 'legacy-backend.xml');
    const json = path.join(project, 'resources', 'edge', 'env', 'test', 'targetServers.json');
    fs.mkdirSync(path.dirname(xml), { recursive: true });
    fs.mkdirSync(path.dirname(json), { recursive: true });
    fs.copyFileSync(path.join(fixtureWorkspace, 'apiproxy', 'targets', 'legacy-backend.xml'), xml);
    fs.writeFileSync(
      json,
      JSON.stringify(
        [{ name: 'lab', host: 'lab.example.com', port: 443, sSLInfo: { enabled: 'true', ignoreValidationErrors: 'true' } }],
        null,
        2,
      ),
    );
    const out = path.join(isolated.root, 'recipe.json');
    const env = {
      ...isolated.env,
      PATH: `${bin}${path.delimiter}${path.dirname(process.execPath)}${path.delimiter}${process.env.PATH ?? ''}`,
      APIGEE_TLS_FILES: JSON.stringify([xml, json]),
      APIGEE_TLS_OUT: out,
    };
    const check = path.join(__dirname, 'neovim', 'readme-recipe.lua');
    const nvim = startProcess('nvim', ['--headless', '-u', init, '-i', 'NONE', '-n', '-c', `luafile ${check}`], { env, cwd: project });
    assert.equal(await nvim.exited, 0, nvim.output());
    const result = JSON.parse(fs.readFileSync(out, 'utf8')) as {
      error?: string;
      buffers?: { filetype: string; arrived: boolean; diagnostics: NvimDiagnostic[] }[];
    };
    assert.equal(result.error, undefined);
    assert.deepEqual(
      result.buffers?.map((b) => [
        b.filetype,
        b.arrived,
        b.diagnostics.map((d) => d.code).filter((c) => c === 'obsolete-protocol' || c === 'ignore-validation-errors'),
      ]),
      [
        ['xml', true, ['obsolete-protocol']],
        ['json', true, ['ignore-validation-errors']],
      ],
    );
  },
);
