// The repository's own import graph and its cycles; `npx tsx scripts/import-graph.ts` prints them (exit 1 if any).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** Where the project's own modules live; type-only imports count too (they tie the modules' types together). */
export const SCANNED = ['src', 'fixtures', 'load', 'reference-target', 'scripts', 'profiles', 'tests'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'public']);

/** Repository path → repository paths it imports (relative specifiers only; packages are not part of the graph). */
export type ImportGraph = Map<string, string[]>;

/** `valueOnly`: leave out `import type …` and `export type … from` statements (erased before a bundle is made: what esbuild inlines). */
export function importGraph(root = ROOT, folders = SCANNED, { valueOnly = false } = {}): ImportGraph {
  const graph: ImportGraph = new Map();
  const files = [
    ...readdirSync(root).filter((f) => f.endsWith('.ts')),
    ...folders.flatMap((f) => sourceFiles(root, f)),
  ];
  for (const file of files) {
    const source = readFileSync(join(root, file), 'utf8');
    const text = valueOnly ? source.replace(/^(?:import|export) type [^;]+;/gm, '') : source;
    // The compiler's own pre-pass: import/export … from, import(), require; comments and strings are not imports.
    const specifiers = ts.preProcessFile(text, true, true).importedFiles.map((i) => i.fileName);
    const targets = specifiers
      .filter((s) => s.startsWith('.'))
      .map((s) => resolveModule(root, join(dirname(file), s)))
      .filter((t): t is string => t !== undefined);
    graph.set(file, [...new Set(targets)]);
  }
  return graph;
}

function sourceFiles(root: string, dir: string): string[] {
  if (!existsSync(join(root, dir))) return [];
  return readdirSync(join(root, dir)).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(join(root, path)).isDirectory())
      return SKIPPED_DIRS.has(name) ? [] : sourceFiles(root, path);
    return /\.(?:ts|mts)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

function resolveModule(root: string, path: string): string | undefined {
  const candidates = [path, path.replace(/\.js$/, '.ts'), `${path}.ts`, join(path, 'index.ts')];
  const found = candidates.find((c) => existsSync(join(root, c)) && statSync(join(root, c)).isFile());
  return found === undefined ? undefined : relative(root, join(root, found));
}

/** Every module `entries` import, directly or not, themselves included; sorted. */
export function reachable(graph: ImportGraph, entries: string[]): string[] {
  const seen = new Set<string>();
  const visit = (v: string): void => {
    if (seen.has(v)) return;
    seen.add(v);
    for (const w of graph.get(v) ?? []) visit(w);
  };
  for (const e of entries) visit(e);
  return [...seen].sort();
}

/**
 * One cycle per strongly connected component, written `a.ts → b.ts → a.ts`, plus the component's other modules
 * when it is bigger than the cycle; sorted, so a report is stable.
 */
export function findCycles(graph: ImportGraph): string[] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[] = [];
  const visit = (v: string): void => {
    index.set(v, index.size);
    low.set(v, index.get(v)!);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) !== index.get(v)) return;
    const component = new Set<string>();
    let w: string;
    do {
      w = stack.pop()!;
      onStack.delete(w);
      component.add(w);
    } while (w !== v);
    const selfLoop = graph.get(v)?.includes(v) ?? false;
    if (component.size === 1 && !selfLoop) return;
    const cycle = cycleThrough(graph, component);
    const others = [...component].filter((m) => !cycle.includes(m)).sort();
    cycles.push(cycle.join(' → ') + (others.length > 0 ? ` (tangled with ${others.join(', ')})` : ''));
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  return cycles.sort();
}

/** The shortest way round from the component's first module back to itself (breadth-first inside it). */
function cycleThrough(graph: ImportGraph, component: Set<string>): string[] {
  const start = [...component].sort()[0]!;
  const cameFrom = new Map<string, string>();
  const queue = [start];
  while (queue.length > 0) {
    const v = queue.shift()!;
    for (const w of graph.get(v) ?? []) {
      if (!component.has(w)) continue;
      if (w === start) {
        const path = [v];
        while (path[0] !== start) path.unshift(cameFrom.get(path[0]!)!);
        return [...path, start];
      }
      if (!cameFrom.has(w)) {
        cameFrom.set(w, v);
        queue.push(w);
      }
    }
  }
  return [start, start];
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const cycles = findCycles(importGraph());
  for (const c of cycles) console.log(`import cycle: ${c}`);
  if (cycles.length === 0) console.log('no import cycles');
  process.exitCode = cycles.length === 0 ? 0 : 1;
}
