import type { Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * Decide together (issue 17): votes on the pins a group shares, and group boards.
 *
 * - `pin_votes`: one row per person, pin and conversation — a row is a vote (a vote taken back
 *   deletes it). Ranked per conversation (the shortlist), newest vote breaking ties.
 * - `board_collaborators`: people besides its owner who may add, remove and move pins on a
 *   board (not rename, delete or invite). `added_by` who invited them.
 * - `boards.conversation_id`: the group conversation a board was made from ("Make it a
 *   board"); its collaborators follow that conversation's membership. Null otherwise.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'

  await db.schema
    .createTable('pin_votes')
    .addColumn('conversation_id', ref, (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('pin_id', ref, (c) => c.notNull().references('pins.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pin_votes_pk', ['conversation_id', 'pin_id', 'user_id'])
    .execute()
  await db.schema.createIndex('pin_votes_pin').on('pin_votes').column('pin_id').execute()
  await db.schema.createIndex('pin_votes_user').on('pin_votes').column('user_id').execute()

  await db.schema
    .createTable('board_collaborators')
    .addColumn('board_id', ref, (c) => c.notNull().references('boards.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('added_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('board_collaborators_pk', ['board_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('board_collaborators_user')
    .on('board_collaborators')
    .columns(['user_id', 'board_id'])
    .execute()

  await db.schema
    .alterTable('boards')
    .addColumn('conversation_id', ref, (c) => c.references('conversations.id').onDelete('set null'))
    .execute()
  await db.schema
    .createIndex('boards_conversation')
    .on('boards')
    .column('conversation_id')
    .execute()
}
