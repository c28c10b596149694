import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * PostgreSQL: what pin search ranks a window of matches by, in one narrow table.
 *
 * A search ranks the newest 500 matches of its words (domain/search/pin-window.ts) by their
 * stems (`search_docs.tokens`) and their pin's facts (owner, secrecy, saves, likes, age, the
 * original it saves). Read from `pins` and `search_docs`, that is two index look-ups per match;
 * `search_facts` holds both, so a window is one look-up per match, read in the same statement
 * as the postings walk (domain/search/postings.ts), in rows a third the width of
 * `search_docs`'s (which carry a tsvector).
 *
 * It is PostgreSQL's own copy, kept by triggers in the writer's transaction: a pin's stems
 * when `search_docs` is written (the indexer runs inside every pin write), its facts when
 * `pins` is (a like, a save, a move to a secret board). Statement triggers with transition
 * tables, so that a bulk index of a million pins is a few set-based statements, not a trigger
 * call per row. Gone with its `search_docs` row (a pin no longer indexed) or its pin.
 *
 * SQLite: nothing (its look-ups are in-process and cost microseconds).
 */
const FACTS = ['owner_id', 'secret', 'save_count', 'like_count', 'created_at', 'parent_pin_id']

export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  if (dialect !== 'postgres') return
  const facts = sql.raw(FACTS.join(', '))
  const fromPins = sql.raw(FACTS.map((f) => `p.${f}`).join(', '))
  const setFacts = sql.raw(FACTS.map((f) => `${f} = p.${f}`).join(', '))
  const differ = sql.raw(
    `(${FACTS.map((f) => `f.${f}`).join(', ')}) is distinct from (${FACTS.map((f) => `p.${f}`).join(', ')})`,
  )
  // room on each page for a changed count's new row version beside the old (a HOT update)
  await sql`create table search_facts (
      pin_id bigint primary key references pins (id) on delete cascade,
      owner_id bigint not null,
      secret integer not null,
      save_count integer not null,
      like_count integer not null,
      created_at text not null,
      parent_pin_id bigint,
      tokens text not null
    ) with (fillfactor = 90)`.execute(db)
  await sql`insert into search_facts (pin_id, ${facts}, tokens)
    select d.pin_id, ${fromPins}, d.tokens from search_docs d join pins p on p.id = d.pin_id
    order by d.pin_id`.execute(db)

  // search_docs written (inserted, or its stems changed): the pin's row, with the pin's facts
  await sql`create function search_facts_from_docs() returns trigger language plpgsql as $$
    begin
      insert into search_facts (pin_id, ${facts}, tokens)
        select d.pin_id, ${fromPins}, d.tokens from written d join pins p on p.id = d.pin_id
      on conflict (pin_id) do update set tokens = excluded.tokens
        where search_facts.tokens is distinct from excluded.tokens;
      return null;
    end $$`.execute(db)
  for (const event of ['insert', 'update']) {
    await sql`create trigger ${sql.id(`search_facts_docs_${event}`)} after ${sql.raw(event)}
      on search_docs referencing new table as written
      for each statement execute function search_facts_from_docs()`.execute(db)
  }
  await sql`create function search_facts_unindexed() returns trigger language plpgsql as $$
    begin
      delete from search_facts f using gone g where f.pin_id = g.pin_id;
      return null;
    end $$`.execute(db)
  await sql`create trigger search_facts_docs_delete after delete on search_docs
    referencing old table as gone
    for each statement execute function search_facts_unindexed()`.execute(db)

  // pins written: the facts of those indexed, where they changed
  await sql`create function search_facts_from_pins() returns trigger language plpgsql as $$
    begin
      update search_facts f set ${setFacts} from written p
        where f.pin_id = p.id and ${differ};
      return null;
    end $$`.execute(db)
  await sql`create trigger search_facts_pins_update after update on pins
    referencing new table as written
    for each statement execute function search_facts_from_pins()`.execute(db)
  await sql`analyze search_facts`.execute(db)
}
