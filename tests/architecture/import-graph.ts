/**
 * The project's import graph as TypeScript resolves it (tsconfig.json, package.json `imports`), type-only imports
 * included: ESLint's import-x/no-cycle skips `import type`, and a circle of types still ties the layers together.
 */
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import ts from "typescript";

export const REPO_ROOT = path.resolve(import.meta.dirname, "../..");
const SOURCE_FOLDERS = ["app", "connectors", "db", "tests", "extensions"];
const SKIPPED = new Set(["node_modules", "build", ".cache", ".tmp", "generated"]);

function sourceFiles(dir: string): string[] {
  let out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (SKIPPED.has(name)) continue;
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out = out.concat(sourceFiles(full));
    else if (/\.tsx?$/.test(name) && !name.endsWith(".d.ts")) out.push(full);
  }
  return out;
}

function compilerOptions(): ts.CompilerOptions {
  const configPath = path.join(REPO_ROOT, "tsconfig.json");
  const { config } = ts.readConfigFile(configPath, (f) => ts.sys.readFile(f));
  return ts.parseJsonConfigFileContent(config, ts.sys, REPO_ROOT).options;
}

/** file (relative to the repo) → the project files it imports (relative), type-only imports included. */
export function importGraph(): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options);
  const graph = new Map<string, string[]>();
  const files = SOURCE_FOLDERS.flatMap((f) => {
    const dir = path.join(REPO_ROOT, f);
    return ts.sys.directoryExists(dir) ? sourceFiles(dir) : [];
  });
  for (const file of files) {
    const text = ts.sys.readFile(file) ?? "";
    const { importedFiles } = ts.preProcessFile(text, true, true);
    const targets = new Set<string>();
    for (const imported of importedFiles) {
      const resolved = ts.resolveModuleName(imported.fileName, file, options, host).resolvedModule;
      if (!resolved || resolved.isExternalLibraryImport) continue;
      const target = path.relative(REPO_ROOT, resolved.resolvedFileName);
      if (target.startsWith("..") || target.includes("node_modules")) continue;
      targets.add(target);
    }
    graph.set(path.relative(REPO_ROOT, file), [...targets].sort());
  }
  return graph;
}

/** The strongly connected components of more than one file (or a file importing itself): every import circle. */
export function importCircles(graph: Map<string, string[]>): string[][] {
  let index = 0;
  const indexOf = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];

  const visit = (v: string) => {
    indexOf.set(v, index);
    low.set(v, index);
    index++;
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, indexOf.get(w)!));
      }
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) circles.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!indexOf.has(v)) visit(v);
  return circles;
}
