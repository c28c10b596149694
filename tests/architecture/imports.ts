import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import ts from 'typescript'

export const ROOT = resolve(__dirname, '../..')

/** An import of one source file by another, as the module loader sees it. */
export interface ImportEdge {
  from: string
  /** a repository-relative file, or the package name for a bare specifier */
  to: string
  /** true when nothing of it exists at run time (`import type`, all-type specifiers) */
  typeOnly: boolean
}

/** Every .ts/.tsx file below these repository folders (tests of the folder included). */
export function sourceFiles(...folders: string[]): string[] {
  const out: string[] = []
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(relative(ROOT, path))
    }
  }
  for (const folder of folders) walk(join(ROOT, folder))
  return out.sort()
}

const resolveFile = (from: string, specifier: string): string => {
  if (!specifier.startsWith('.')) return specifier
  const base = join(dirname(from), specifier)
  for (const candidate of [base, `${base}.ts`, `${base}.tsx`, join(base, 'index.ts')]) {
    try {
      if (statSync(join(ROOT, candidate)).isFile()) return candidate
    } catch {
      // not this one
    }
  }
  return base
}

/** The static imports and re-exports of one file (dynamic `import()` loads later: not counted). */
export function importsOf(file: string): ImportEdge[] {
  const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), 99, true)
  const edges: ImportEdge[] = []
  for (const node of source.statements) {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause
      const named = clause?.namedBindings
      const allTypeSpecifiers =
        !!named &&
        ts.isNamedImports(named) &&
        named.elements.length > 0 &&
        named.elements.every((e) => e.isTypeOnly) &&
        !clause?.name
      edges.push({
        from: file,
        to: resolveFile(file, node.moduleSpecifier.text),
        typeOnly: !!clause && (clause.isTypeOnly || allTypeSpecifiers),
      })
    } else if (
      ts.isExportDeclaration(node) &&
      node.moduleSpecifier &&
      ts.isStringLiteral(node.moduleSpecifier)
    ) {
      const named = node.exportClause
      const allTypeSpecifiers =
        !!named && ts.isNamedExports(named) && named.elements.every((e) => e.isTypeOnly)
      edges.push({
        from: file,
        to: resolveFile(file, node.moduleSpecifier.text),
        typeOnly: node.isTypeOnly || allTypeSpecifiers,
      })
    }
  }
  return edges
}

/** The cycles (strongly connected components of two or more files, or a self-import). */
export function cyclesOf(edges: ImportEdge[]): string[][] {
  const next = new Map<string, string[]>()
  for (const e of edges) next.set(e.from, [...(next.get(e.from) ?? []), e.to])
  // Tarjan's algorithm
  let index = 0
  const indexOf = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const cycles: string[][] = []
  const visit = (v: string) => {
    indexOf.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of next.get(v) ?? []) {
      if (!indexOf.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, indexOf.get(w)!))
    }
    if (low.get(v) === indexOf.get(v)) {
      const component: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        component.push(w)
      } while (w !== v)
      if (component.length > 1 || (next.get(v) ?? []).includes(v)) cycles.push(component.sort())
    }
  }
  for (const v of next.keys()) if (!indexOf.has(v)) visit(v)
  return cycles
}
