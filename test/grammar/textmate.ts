// Loads syntaxes/apigee-templates.injection.tmLanguage.json into vscode-textmate the way VS Code does:
// the base XML grammar (VS Code's own xml.tmLanguage.json, as shipped by the tm-grammars package) is the
// host, and our grammar is returned from getInjections('text.xml'), as `injectTo: ["text.xml"]` makes
// VS Code do. Its injectionSelector then decides where its patterns apply.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';

export const repoRoot = path.resolve(__dirname, '..', '..');
export const injectionPath = path.join(repoRoot, 'syntaxes', 'apigee-templates.injection.tmLanguage.json');
export const injectionScope = 'apigee.templates.injection';
const xmlGrammarPath = require.resolve('tm-grammars/grammars/xml.json');

export interface Token {
  text: string;
  scopes: string[];
}

let grammarPromise: Promise<vsctm.IGrammar> | undefined;

async function loadOnigLib(): Promise<vsctm.IOnigLib> {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  const data = wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength);
  await oniguruma.loadWASM(data);
  return {
    createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
    createOnigString: (s: string) => new oniguruma.OnigString(s),
  };
}

function readGrammar(file: string): vsctm.IRawGrammar {
  return vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file);
}

/** The XML grammar with our injection, loaded once per test process. */
export function xmlGrammar(): Promise<vsctm.IGrammar> {
  grammarPromise ??= (async () => {
    const registry = new vsctm.Registry({
      onigLib: loadOnigLib(),
      loadGrammar: async (scopeName) => {
        if (scopeName === 'text.xml') return readGrammar(xmlGrammarPath);
        if (scopeName === injectionScope) return readGrammar(injectionPath);
        return null; // e.g. source.java, embedded by the XML grammar for JSP blocks
      },
      getInjections: (scopeName) => (scopeName === 'text.xml' ? [injectionScope] : undefined),
    });
    const grammar = await registry.loadGrammar('text.xml');
    if (!grammar) throw new Error('text.xml grammar did not load');
    return grammar;
  })();
  return grammarPromise;
}

/** Tokenizes consecutive lines, carrying the rule stack across them; one token list per line. */
export async function tokenizeLines(lines: readonly string[]): Promise<Token[][]> {
  const grammar = await xmlGrammar();
  let stack = vsctm.INITIAL;
  const out: Token[][] = [];
  for (const line of lines) {
    const result = grammar.tokenizeLine(line, stack);
    out.push(result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes })));
    stack = result.ruleStack;
  }
  return out;
}

export async function tokenizeLine(line: string): Promise<Token[]> {
  const [tokens] = await tokenizeLines([line]);
  return tokens ?? [];
}

/** True for a scope contributed by the injection grammar (never by the XML grammar). */
export function isInjected(scope: string): boolean {
  return scope.endsWith('.apigee') || scope.endsWith('.jinja');
}

/**
 * The tokens the injection produced, as [text, innermost scope] pairs; tokens carrying only XML scopes
 * are left out, so a line with nothing highlighted gives [].
 */
export function injectedTokens(tokens: readonly Token[]): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const t of tokens) {
    if (!t.scopes.some(isInjected)) continue;
    out.push([t.text, t.scopes[t.scopes.length - 1] ?? '']);
  }
  return out;
}
