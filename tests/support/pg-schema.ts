import pg from 'pg'
import { PG_URL } from './dialects'

/** A PostgreSQL schema of its own for a suite that runs server processes; `drop` removes it. */
export async function createPgSchema(prefix: string) {
  const name = `${prefix}_${Math.random().toString(36).slice(2, 10)}`
  const admin = new pg.Client({ connectionString: PG_URL })
  await admin.connect()
  await admin.query(`create schema ${name}`)
  await admin.end()
  return {
    name,
    /** DATABASE_URL for a server working in this schema */
    url: `${PG_URL}?options=${encodeURIComponent(`-c search_path=${name}`)}`,
    /** a client whose queries run in this schema */
    async client() {
      const client = new pg.Client({ connectionString: PG_URL })
      await client.connect()
      await client.query(`set search_path = ${name}`)
      return client
    },
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL })
      await c.connect()
      await c.query(`drop schema if exists ${name} cascade`)
      await c.end()
    },
  }
}

export type PgSchema = Awaited<ReturnType<typeof createPgSchema>>
