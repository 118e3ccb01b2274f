import { readFileSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

/** Scripts the workspace pages load; each is a self-contained TypeScript file (type imports only). */
export const BROWSER_SCRIPTS = ['zaf-host', 'workspace'] as const;
export type BrowserScript = (typeof BROWSER_SCRIPTS)[number];

const cache = new Map<BrowserScript, string>();

/** The browser script as JavaScript, transpiled once: pages load it as a file (CSP: no inline code). */
export function browserScript(name: BrowserScript): string {
  const hit = cache.get(name);
  if (hit !== undefined) return hit;
  const source = readFileSync(path.join(__dirname, `${name}.ts`), 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      target: ts.ScriptTarget.ES2020,
      module: ts.ModuleKind.ES2020,
      verbatimModuleSyntax: false,
      removeComments: false,
    },
    fileName: `${name}.ts`,
  });
  if (/^\s*import\s[^'"]*['"]/m.test(outputText)) {
    throw new Error(`${name}.ts imports a value: browser scripts may only import types.`);
  }
  cache.set(name, outputText);
  return outputText;
}
