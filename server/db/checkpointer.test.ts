import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { sql } from 'kysely'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase, sqliteHandleOf } from './database'

/** A SQLite file's WAL is moved into the database by a thread of its own, not by commits. */
describe('background WAL checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corkboard-checkpoint-'))
  afterAll(() => rmSync(dir, { recursive: true, force: true }))

  it('copies committed pages into the database file off the event loop, and closes cleanly', async () => {
    const path = join(dir, 'db.sqlite')
    const handle = openDatabase({ dialect: 'sqlite', sqlitePath: path })
    const sqlite = sqliteHandleOf(handle.db)!
    expect(sqlite.pragma('wal_autocheckpoint', { simple: true })).toBeGreaterThan(1000)
    await sql`create table blob_rows (id integer primary key, body blob)`.execute(handle.db)
    const before = statSync(path).size
    // ~2 MB in one commit: 500 pages, below the backstop, so the commit itself does not copy
    const insert = sqlite.prepare('insert into blob_rows (body) values (?)')
    sqlite.transaction(() => {
      for (let i = 0; i < 500; i++) insert.run(Buffer.alloc(4000, i % 256))
    })()
    expect(statSync(path).size).toBe(before)
    const deadline = Date.now() + 5000
    while (statSync(path).size < 2_000_000 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50))
    }
    expect(statSync(path).size).toBeGreaterThanOrEqual(2_000_000)
    await handle.close()
    expect(existsSync(`${path}-wal`)).toBe(false)
  })

  it('lets a process that only opened and closed a database end normally', () => {
    // the thread must not be dropped mid-close when nothing else keeps the process alive
    const database = new URL('./database.ts', import.meta.url).href
    const path = join(dir, 'short-lived.sqlite')
    const child = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { openDatabase } = await import(${JSON.stringify(database)})
         await openDatabase({ dialect: 'sqlite', sqlitePath: ${JSON.stringify(path)} }).close()
         console.log('closed')`,
      ],
      { encoding: 'utf8', timeout: 30_000 },
    )
    expect(child.stderr).toBe('')
    expect(child.stdout.trim()).toBe('closed')
    expect(child.status).toBe(0)
  })

  it('is not started for an in-memory database', async () => {
    const handle = openDatabase({ dialect: 'sqlite', sqlitePath: ':memory:' })
    expect(sqliteHandleOf(handle.db)!.pragma('wal_autocheckpoint', { simple: true })).toBe(1000)
    await handle.close()
  })
})
