import { existsSync } from 'node:fs'
import { inject } from 'vitest'

/** The entry points the global setup bundles (server-bundle.ts). */
export const BUNDLED = [
  'server/main.ts',
  'scripts/admin.ts',
  'scripts/backup.ts',
  'scripts/restore.ts',
] as const
export type BundledSource = (typeof BUNDLED)[number]

declare module 'vitest' {
  export interface ProvidedContext {
    /** this run's bundle of each entry point (server-bundle.ts); none with TEST_SERVER=tsx */
    bundles: Partial<Record<BundledSource, string>>
  }
}

/**
 * Node's arguments to run `source` (from the project's root): the run's bundle of it, else the
 * source through tsx.
 */
export function nodeArgs(source: BundledSource): string[] {
  const bundle = inject('bundles')[source]
  if (bundle && existsSync(bundle)) return [bundle]
  return ['--import', 'tsx', source]
}
