import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * Search: analyzed documents and term frequencies (both dialects), the full-text index
 * (SQLite FTS5 tables; PostgreSQL tsvector columns with GIN indexes) and people's trigrams;
 * 009 fills them from what exists (it needs a column of its own first).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  await db.schema
    .createTable('search_docs')
    .addColumn('pin_id', ref, (c) =>
      c.primaryKey().references('pins.id').onDelete('cascade').notNull(),
    )
    .addColumn('tokens', 'text', (c) => c.notNull())
    .$call((t) => (dialect === 'postgres' ? t.addColumn('document', sql`tsvector`) : t))
    .execute()
  await db.schema
    .createTable('search_terms')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('df', 'integer', (c) => c.notNull())
    .addColumn('display', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createTable('board_search_docs')
    .addColumn('board_id', ref, (c) =>
      c.primaryKey().references('boards.id').onDelete('cascade').notNull(),
    )
    .addColumn('tokens', 'text', (c) => c.notNull())
    .$call((t) => (dialect === 'postgres' ? t.addColumn('document', sql`tsvector`) : t))
    .execute()
  await db.schema
    .createTable('user_trigrams')
    .addColumn('trigram', 'text', (c) => c.notNull())
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('user_trigrams_pk', ['trigram', 'user_id'])
    .execute()
  await db.schema.createIndex('user_trigrams_user').on('user_trigrams').column('user_id').execute()
  if (dialect === 'postgres') {
    await sql`create index search_docs_document on search_docs using gin (document)`.execute(db)
    await sql`create index board_search_docs_document on board_search_docs using gin (document)`.execute(
      db,
    )
  } else {
    // rowid = pin id / board id; the stems only (contentless), deletable
    await sql`create virtual table pin_fts using fts5(title, body, content='', contentless_delete=1)`.execute(
      db,
    )
    await sql`create virtual table board_fts using fts5(name, body, content='', contentless_delete=1)`.execute(
      db,
    )
  }
}
