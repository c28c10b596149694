import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { cyclesOf, importsOf, ROOT, sourceFiles } from './imports'

/**
 * The rules ARCHITECTURE.md states, checked on every file, so that they keep holding as the
 * code grows: layers point one way, migrations are frozen, dialects live in one place.
 */
const isTest = (file: string) => /\.test\.tsx?$/.test(file)
const app = sourceFiles('server', 'protocol', 'web').filter((f) => !isTest(f))
const edges = app.flatMap(importsOf)
const text = (file: string) => readFileSync(join(ROOT, file), 'utf8')
const under = (file: string, ...folders: string[]) => folders.some((f) => file.startsWith(f))

describe('architecture', () => {
  it('has no import cycle at run time', () => {
    expect(cyclesOf(edges.filter((e) => !e.typeOnly))).toEqual([])
  })

  it('keeps the domain free of the web framework, HTTP, sockets and routes', () => {
    const outward = edges.filter(
      (e) =>
        under(e.from, 'server/domain/') &&
        (under(e.to, 'server/http/', 'server/realtime/', 'server/routes/') ||
          /^(fastify|@fastify\/|ws$)/.test(e.to)),
    )
    expect(outward).toEqual([])
  })

  it('keeps the sockets off the HTTP layer and the routes', () => {
    const upward = edges.filter(
      (e) => under(e.from, 'server/realtime/') && under(e.to, 'server/http/', 'server/routes/'),
    )
    expect(upward).toEqual([])
  })

  it('keeps the infrastructure (db, jobs, mail, limits) below the domain', () => {
    const upward = edges.filter(
      (e) =>
        under(e.from, 'server/db/', 'server/jobs/', 'server/mail/', 'server/limits/') &&
        under(e.to, 'server/domain/', 'server/http/', 'server/realtime/', 'server/routes/'),
    )
    expect(upward).toEqual([])
  })

  it('keeps the wire contract free of the server and the web app', () => {
    const outward = edges.filter(
      (e) => under(e.from, 'protocol/') && under(e.to, 'server/', 'web/'),
    )
    expect(outward).toEqual([])
  })

  it('keeps the web app off the server code (it shares only protocol/)', () => {
    expect(edges.filter((e) => under(e.from, 'web/') && under(e.to, 'server/'))).toEqual([])
  })

  it('freezes migrations: they import nothing from the domain', () => {
    const live = edges.filter(
      (e) => under(e.from, 'server/db/migrations/') && under(e.to, 'server/domain/'),
    )
    expect(live).toEqual([])
  })

  it('checks the dialect only in server/db/ and the full-text module', () => {
    const check =
      /PostgresAdapter|SqliteAdapter|isPostgres|sqliteHandleOf|dialect\s*[!=]==|[!=]==\s*'(postgres|sqlite)'|'23505'|SQLITE_CONSTRAINT/
    const offenders = app.filter(
      (f) =>
        under(f, 'server/') &&
        !under(f, 'server/db/', 'server/domain/search/fulltext.ts', 'server/config.ts') &&
        check.test(text(f)),
    )
    expect(offenders).toEqual([])
  })

  it('reads the environment only in server/config.ts', () => {
    const offenders = app.filter(
      (f) => under(f, 'server/') && f !== 'server/config.ts' && /process\.env/.test(text(f)),
    )
    expect(offenders).toEqual([])
  })

  it('keeps source files short: over 300 lines only for data', () => {
    /** drawings and tables: one idea, long by nature */
    const data = new Set([
      'server/demo/catalog.ts',
      'server/demo/images/food.ts',
      'server/demo/images/interiors.ts',
    ])
    const long = sourceFiles('server', 'protocol', 'web', 'bench', 'scripts')
      .filter((f) => !isTest(f) && !data.has(f))
      .map((f) => ({ file: f, lines: text(f).split('\n').length }))
      .filter((f) => f.lines > 320)
    expect(long).toEqual([])
  })
})
