import type { TestApp } from './test-app'

/**
 * Every row of every table, as sorted JSON per table: equal snapshots mean nothing was written.
 * Analytics counted so far are written first, so a flush falling between two snapshots is not
 * taken for a write (and counting by the requests between them shows as one).
 */
export async function databaseSnapshot(t: TestApp): Promise<Record<string, unknown[]>> {
  await t.ctx.services.recorder.flush()
  // on PostgreSQL only this app's own schema: other suites' schemas (at other migrations,
  // migrating meanwhile) share the database
  const own = t.pgSchema?.name
  const tables = (await t.ctx.db.introspection.getTables())
    .filter((x) => own === undefined || x.schema === own)
    .map((x) => x.name)
    .sort()
  const out: Record<string, unknown[]> = {}
  for (const name of tables) {
    const rows = await t.ctx.db
      .selectFrom(name as 'users')
      .selectAll()
      .execute()
    out[name] = rows.map((r) => JSON.stringify(r)).sort()
  }
  return out
}
