import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { TestDialect } from './dialects'
import { createPgSchema } from './pg-schema'

/**
 * Storage of its own for a suite that runs server processes: a data dir and, on PostgreSQL, a
 * schema, with the environment a server working on them takes (send rate limits off).
 */
export async function createSuiteStorage(dialect: TestDialect, name: string) {
  const dir = mkdtempSync(join(tmpdir(), `corkboard-${name}-`))
  const schema = dialect === 'postgres' ? await createPgSchema(name) : undefined
  const env: Record<string, string> = { DATA_DIR: dir, MESSAGE_RATE_LIMITS: 'off' }
  if (schema) env.DATABASE_URL = schema.url
  return {
    dir,
    schema,
    env,
    /** drops the schema and removes the data dir (after the servers are stopped) */
    async remove() {
      await schema?.drop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}

export type SuiteStorage = Awaited<ReturnType<typeof createSuiteStorage>>
