import { sql, type Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * Which original a save belongs to: `pins.root_pin_id`, the root of a pin's save chain (the pin
 * it was saved from, that one's own original, and so on up), null on an original. A viewer's
 * saves of a pin are their pins with the same original (`coalesce(root_pin_id, id)`), found by
 * (owner_id, root_pin_id). The database fills it on insert from the parent's row, so every
 * writer (the save service, the demo seeds, tests) agrees; it never changes afterwards, not even
 * when a pin in the middle of the chain is deleted. Existing saves are backfilled here. Running
 * it again changes nothing but backfilling what is missing.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'
  // tolerant of a column of the same meaning added earlier in this release
  const { rows } = await (
    dialect === 'postgres'
      ? sql`select 1 from information_schema.columns where table_schema = current_schema()
        and table_name = 'pins' and column_name = 'root_pin_id'`
      : sql`select 1 from pragma_table_info('pins') where name = 'root_pin_id'`
  ).execute(db)
  if (rows.length === 0) {
    await db.schema.alterTable('pins').addColumn('root_pin_id', ref).execute()
  }
  await sql`with recursive chain(id, root) as (
      select id, id from pins where parent_pin_id is null
      union all
      select p.id, chain.root from pins p join chain on p.parent_pin_id = chain.id
    )
    update pins set root_pin_id = chain.root from chain
    where chain.id = pins.id and pins.parent_pin_id is not null and pins.root_pin_id is null`.execute(
    db,
  )
  await db.schema
    .createIndex('pins_owner_root')
    .ifNotExists()
    .on('pins')
    .columns(['owner_id', 'root_pin_id'])
    .execute()

  if (dialect === 'postgres') {
    await sql`create or replace function pins_fill_root() returns trigger language plpgsql as $$
      begin
        if new.parent_pin_id is not null and new.root_pin_id is null then
          select coalesce(p.root_pin_id, p.id) into new.root_pin_id
            from pins p where p.id = new.parent_pin_id;
        end if;
        return new;
      end $$`.execute(db)
    await sql`drop trigger if exists pins_fill_root on pins`.execute(db)
    await sql`create trigger pins_fill_root before insert on pins
      for each row execute function pins_fill_root()`.execute(db)
  } else {
    await sql`create trigger if not exists pins_fill_root after insert on pins
      for each row when new.parent_pin_id is not null and new.root_pin_id is null
      begin
        update pins set root_pin_id =
          (select coalesce(p.root_pin_id, p.id) from pins p where p.id = new.parent_pin_id)
        where id = new.id;
      end`.execute(db)
  }
}
