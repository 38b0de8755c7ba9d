// The engines are pure: no module under an engine folder reaches a host (VS Code, the language server, the CLI, the
// client), by any form of import. ESLint's no-restricted-imports sees static imports only; this reads every form
// (import, export from, import(), require(), import types) from the TypeScript syntax tree, and the directions
// between engines that no lint rule states.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';

const src = resolve(__dirname, '..', '..', 'server', 'src');
const ENGINES = ['lint', 'documents', 'fs', 'probe', 'tls', 'workspace', 'capture', 'diagnosis'].filter((engine) =>
  existsSync(join(src, engine)),
);
const HOSTS = [join(src, 'lsp'), join(src, 'cli'), resolve(src, '..', '..', 'client')];
const isHostPackage = (specifier: string): boolean => /^vscode($|[-/])/.test(specifier);

interface Imports {
  /** Module specifiers as written, relative ones resolved to absolute paths. */
  targets: string[];
  /** import() or require() calls whose argument is not a literal: nothing can check where they lead. */
  computed: number;
}

function importsOf(file: string): Imports {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const targets: string[] = [];
  let computed = 0;
  const add = (specifier: ts.Node | undefined): void => {
    if (specifier === undefined || !ts.isStringLiteralLike(specifier)) return;
    targets.push(specifier.text.startsWith('.') ? resolve(dirname(file), specifier.text) : specifier.text);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) add(node.moduleSpecifier);
    else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference)) add(node.moduleReference.expression);
    else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument)) add(node.argument.literal);
    else if (ts.isCallExpression(node) && (node.expression.kind === ts.SyntaxKind.ImportKeyword || isRequire(node.expression))) {
      const [argument] = node.arguments;
      if (argument !== undefined && ts.isStringLiteralLike(argument)) add(argument);
      else computed++;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return { targets, computed };
}

const isRequire = (callee: ts.Expression): boolean => ts.isIdentifier(callee) && callee.text === 'require';

function tsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return tsFiles(full);
    return entry.name.endsWith('.ts') ? [full] : [];
  });
}

const inside = (path: string, dir: string): boolean => path === dir || path.startsWith(dir + sep);
const name = (path: string): string => (path.startsWith(src) ? relative(src, path).split(sep).join('/') : path);

/** Each import of the engine's modules that leads into `folder` (a path under server/src), as "file -> target". */
function importsInto(engine: string, folder: string): string[] {
  return tsFiles(join(src, engine)).flatMap((file) =>
    importsOf(file)
      .targets.filter((target) => inside(target, join(src, folder)))
      .map((target) => `${name(file)} -> ${name(target)}`),
  );
}

test('the lint, probe and tls engines are where this test looks', () => {
  assert.deepEqual(
    ['lint', 'probe', 'tls'].filter((engine) => !ENGINES.includes(engine)),
    [],
  );
});

for (const engine of ENGINES) {
  test(`server/src/${engine} imports neither VS Code, nor the language server, the CLI or the client, in any form`, () => {
    const reached = tsFiles(join(src, engine)).flatMap((file) => {
      const { targets, computed } = importsOf(file);
      const hosts = targets.filter((target) => isHostPackage(target) || HOSTS.some((host) => inside(target, host)));
      return [
        ...hosts.map((target) => `${name(file)} -> ${name(target)}`),
        ...(computed > 0 ? [`${name(file)}: ${computed} computed import(s)`] : []),
      ];
    });
    assert.deepEqual(reached, []);
  });
}

test('server/src/tls, the names both engines share, imports no other part of server/src', () => {
  const outside = ['lint', 'probe', 'lsp', 'cli'].flatMap((folder) => importsInto('tls', folder));
  assert.deepEqual(outside, []);
});

test('the lint engine never imports the probe', () => {
  assert.deepEqual(importsInto('lint', 'probe'), []);
});

test('the probe reads documents, never lint (the rules)', () => {
  assert.deepEqual(importsInto('probe', 'lint'), []);
});

test('lint imports neither the workspace model, the probe, the settings nor a host: the arrows point down', () => {
  assert.deepEqual(
    ['workspace', 'probe', 'settings', 'lsp', 'cli'].flatMap((folder) => importsInto('lint', folder)),
    [],
  );
});

test('the documents import no engine above them', () => {
  assert.deepEqual(
    ['lint', 'workspace', 'probe', 'capture', 'diagnosis', 'settings', 'lsp', 'cli'].flatMap((folder) => importsInto('documents', folder)),
    [],
  );
});

test('the file-system boundary (fs/) imports nothing of server/src', () => {
  const rooms = readdirSync(src, { withFileTypes: true }).filter((e) => e.isDirectory() && e.name !== 'fs');
  assert.deepEqual(
    rooms.flatMap((room) => importsInto('fs', room.name)),
    [],
  );
});
