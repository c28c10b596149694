import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * PostgreSQL: the pins of each search term, newest first, without visiting every match.
 *
 * `search_postings` holds one row per (stem, pin) — every distinct stem of a pin's indexed
 * text (title, description, board name, source domain, alt text: what the full-text index
 * holds) — with who may see the pin: `visible_to` null for a public pin (counted), the owner's
 * id for a secret one. Its primary key (term, pin_id) is read backwards: the newest pins
 * holding a word are the first entries of its range, however many pins hold it (a GIN index
 * can only hand back every match of a frequent word as a bitmap, to be sorted afterwards).
 * The indexer keeps it in step (domain/search/postings.ts); existing pins are backfilled here
 * from `search_docs.tokens`, the analyzer's stems as stored (stems are letters and digits;
 * fields are apart by ' | ', breaks are '.'), so no analyzer is needed. `term` is compared
 * bytewise (collation "C"): a prefix is a range of the key.
 *
 * Also an index of usernames in bytewise order, so that people search finds the names
 * starting with what is typed as a range of it (as SQLite's own index does).
 *
 * Documents (tsvectors) are built anew with a position left empty between a pin's heading
 * and the rest, so that a phrase never spans the two, as with SQLite's FTS5 columns.
 *
 * SQLite: nothing (FTS5 walks its doclists newest first already).
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return
  await sql`create table search_postings (
      term text collate "C" not null,
      pin_id bigint not null,
      visible_to bigint
    )`.execute(db)
  // filled before its key is built: one sort instead of an index insert per row
  await sql`insert into search_postings (term, pin_id, visible_to)
    select distinct t.term, d.pin_id, case when d.counted = 1 then null else p.owner_id end
    from search_docs d
    join pins p on p.id = d.pin_id
    cross join lateral regexp_split_to_table(d.tokens, '[ |.]+') as t(term)
    where t.term <> ''`.execute(db)
  await sql`alter table search_postings
    add constraint search_postings_pk primary key (term, pin_id) include (visible_to)`.execute(db)
  await sql`analyze search_postings`.execute(db)
  // documents built anew with a gap between heading and rest, so that no phrase spans them
  // (as in FTS5's apart columns; see documentOf in domain/search/fulltext.ts): `tokens` holds
  // the heading's stems, ' | ', the rest's, with '.' breaks, which the parser skips
  const rest = sql`case when strpos(tokens, ' | ') > 0
    then substr(tokens, strpos(tokens, ' | ') + 3) else '' end`
  for (const table of ['search_docs', 'board_search_docs']) {
    // the GIN index built again afterwards: cheaper than updating it row by row
    await sql`drop index ${sql.id(`${table}_document`)}`.execute(db)
    await sql`update ${sql.table(table)} set document = ts_delete(
        setweight(to_tsvector('simple', split_part(tokens, ' | ', 1) || ' gap.invalid'), 'A')
        || setweight(to_tsvector('simple', ${rest}), 'B'), 'gap.invalid')
      where document is not null`.execute(db)
    await sql`create index ${sql.id(`${table}_document`)} on ${sql.table(table)} using gin (document)`.execute(
      db,
    )
  }
  // people search: usernames starting with what is typed, as a range of a bytewise index (the
  // default collation's index answers no prefix)
  await sql`create index users_username_bytewise on users (username collate "C")`.execute(db)
}
