/**
 * No import cycles in src/. eslint-plugin-import (import/no-cycle) is not installed, so this test
 * builds the import graph with the TypeScript compiler (resolving modules exactly as `tsc` does)
 * and lists every cycle it finds. Type-only imports count: a cycle of types is still two modules
 * that cannot be understood, or moved, one without the other.
 */
import fs from 'node:fs';
import path from 'node:path';
import ts from 'typescript';

const ROOT = path.resolve(__dirname, '../..');

function compilerOptions(): ts.CompilerOptions {
  const configFile = ts.readConfigFile(path.join(ROOT, 'tsconfig.json'), ts.sys.readFile);
  return ts.parseJsonConfigFileContent(configFile.config, ts.sys, ROOT).options;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const file = path.join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(file);
    return /\.tsx?$/.test(entry.name) && !entry.name.endsWith('.d.ts') ? [file] : [];
  });
}

export interface ImportGraphs {
  /** Imports that run: a cycle here means a module can see another half-initialised. */
  runtime: Map<string, string[]>;
  /** Every import, type-only ones too. */
  all: Map<string, string[]>;
}

/** The module specifiers a file imports, each marked whether it is type-only (erased by tsc). */
function importsOf(file: string): { specifier: string; typeOnly: boolean }[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
  const found: { specifier: string; typeOnly: boolean }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const bindings = clause?.namedBindings;
      const typeOnly =
        !!clause &&
        (clause.isTypeOnly ||
          (!clause.name &&
            !!bindings &&
            ts.isNamedImports(bindings) &&
            bindings.elements.length > 0 &&
            bindings.elements.every((e) => e.isTypeOnly)));
      found.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      found.push({ specifier: node.moduleSpecifier.text, typeOnly: node.isTypeOnly });
    } else if (
      ts.isCallExpression(node) &&
      (node.expression.kind === ts.SyntaxKind.ImportKeyword ||
        (ts.isIdentifier(node.expression) && node.expression.text === 'require')) &&
      node.arguments.length === 1 &&
      ts.isStringLiteral(node.arguments[0]!)
    ) {
      found.push({ specifier: (node.arguments[0] as ts.StringLiteral).text, typeOnly: false });
    } else if (
      ts.isImportTypeNode(node) &&
      ts.isLiteralTypeNode(node.argument) &&
      ts.isStringLiteral(node.argument.literal)
    ) {
      found.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Each file under `dir` and the files under `dir` it imports. */
export function importGraphs(dir: string): ImportGraphs {
  const options = compilerOptions();
  const files = sourceFiles(dir);
  const inside = new Set(files);
  const runtime = new Map<string, string[]>();
  const all = new Map<string, string[]>();
  for (const file of files) {
    const edges = importsOf(file).flatMap(({ specifier, typeOnly }) => {
      const resolved = ts.resolveModuleName(specifier, file, options, ts.sys).resolvedModule;
      const target = resolved && path.resolve(resolved.resolvedFileName);
      return target && inside.has(target) ? [{ target, typeOnly }] : [];
    });
    runtime.set(file, [...new Set(edges.filter((e) => !e.typeOnly).map((e) => e.target))]);
    all.set(file, [...new Set(edges.map((e) => e.target))]);
  }
  return { runtime, all };
}

/** A cycle through each strongly connected component with more than one file, or a file importing itself. */
export interface ImportCycle {
  /** The files of the strongly connected component, sorted. */
  files: string[];
  /** One cycle through them, from the first file back to it. */
  path: string[];
}

export function importCycles(graph: Map<string, string[]>): ImportCycle[] {
  // Tarjan's algorithm.
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: ImportCycle[] = [];
  let next = 0;
  const visit = (node: string): void => {
    index.set(node, next);
    low.set(node, next);
    next += 1;
    stack.push(node);
    onStack.add(node);
    for (const target of graph.get(node) ?? []) {
      if (!index.has(target)) {
        visit(target);
        low.set(node, Math.min(low.get(node)!, low.get(target)!));
      } else if (onStack.has(target)) {
        low.set(node, Math.min(low.get(node)!, index.get(target)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    if (component.length > 1 || (graph.get(node) ?? []).includes(node)) {
      const relative = (files: string[]) => files.map((f) => path.relative(ROOT, f));
      cycles.push({
        files: relative(component).sort(),
        path: relative(cyclePath(graph, new Set(component))),
      });
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return cycles;
}

/** One cycle through a strongly connected component, from its first file (by name) back to it. */
function cyclePath(graph: Map<string, string[]>, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const node = queue.shift()!;
    for (const target of graph.get(node) ?? []) {
      if (!component.has(target)) continue;
      if (target === start) {
        const cycle = [node];
        while (cycle[0] !== start) cycle.unshift(cameFrom.get(cycle[0]!)!);
        return [...cycle, start];
      }
      if (!cameFrom.has(target)) {
        cameFrom.set(target, node);
        queue.push(target);
      }
    }
  }
  throw new Error(`no cycle through ${start}`);
}

/**
 * Cycles made only of type-only imports that exist today, each with what removes it. A cycle is
 * listed by its files, sorted; a cycle not listed here fails the test, and so does any of these
 * if one of its imports starts to run (the runtime check).
 */
const KNOWN_TYPE_ONLY_CYCLES = new Map<string, string>([]);

describe('import graph of src/', () => {
  it('finds a cycle when there is one (so the checks below can fail)', () => {
    const [a, b, c] = ['src/a.ts', 'src/b.ts', 'src/c.ts'].map((f) => path.join(ROOT, f));
    const graph = (edges: [string, string[]][]) => new Map(edges);
    expect(
      importCycles(
        graph([
          [a!, [b!]],
          [b!, [c!]],
          [c!, [a!]],
        ]),
      ),
    ).toEqual([
      {
        files: ['src/a.ts', 'src/b.ts', 'src/c.ts'],
        path: ['src/a.ts', 'src/b.ts', 'src/c.ts', 'src/a.ts'],
      },
    ]);
    expect(
      importCycles(
        graph([
          [a!, [b!, c!]],
          [b!, [c!]],
          [c!, []],
        ]),
      ),
    ).toEqual([]);
    expect(importCycles(graph([[a!, [a!]]]))).toEqual([
      { files: ['src/a.ts'], path: ['src/a.ts', 'src/a.ts'] },
    ]);
  });

  const graphs = importGraphs(path.join(ROOT, 'src'));

  it('resolves the imports of src/ (the graph is not empty by a resolution mistake)', () => {
    const server = graphs.runtime.get(path.join(ROOT, 'src/server/server.ts')) ?? [];
    expect(server.length).toBeGreaterThan(0);
    // standing.ts: `import type { AgentRow, Metrics } from './api-types.js'` and a value from scoring.
    const standing = path.join(ROOT, 'src/shared/standing.ts');
    const apiTypes = path.join(ROOT, 'src/shared/api-types.ts');
    const scoring = path.join(ROOT, 'src/shared/scoring.ts');
    expect(graphs.all.get(standing)).toEqual(expect.arrayContaining([apiTypes, scoring]));
    expect(graphs.runtime.get(standing)).toContain(scoring);
    expect(graphs.runtime.get(standing)).not.toContain(apiTypes);
  });

  it('has no cycle of imports that run', () => {
    const cycles = importCycles(graphs.runtime).map((cycle) => cycle.path.join(' -> '));
    expect(cycles).toEqual([]);
  });

  it('has no cycle of type-only imports beyond the known ones', () => {
    const unknown = importCycles(graphs.all)
      .filter((cycle) => !KNOWN_TYPE_ONLY_CYCLES.has(cycle.files.join(' ')))
      .map((cycle) => cycle.path.join(' -> '));
    expect(unknown).toEqual([]);
  });
});
