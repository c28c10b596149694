import type { Kysely } from 'kysely'
import type { Dialect } from '../database'

/**
 * Reactions, replies, edits and unsends (issue 17). A message may now reply to another
 * (`reply_to_message_id`), be edited (`edited_at`) or unsent (`removed_at`: its text and
 * attachment set null). Reactions are rows of `message_reactions` (one per person per emoji).
 * Every reaction change, edit and unsend is a stream position: it takes the conversation's next
 * seq (`conversations.last_seq`, as a message does) and is recorded in `message_events`, so that
 * a client resuming from a cursor replays messages and events merged in seq order.
 */
export async function up(db: Kysely<unknown>, dialect: Dialect): Promise<void> {
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'

  await db.schema
    .alterTable('messages')
    .addColumn('reply_to_message_id', ref, (c) => c.references('messages.id').onDelete('set null'))
    .execute()
  await db.schema.alterTable('messages').addColumn('edited_at', 'text').execute()
  await db.schema.alterTable('messages').addColumn('removed_at', 'text').execute()

  await db.schema
    .createTable('message_reactions')
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('emoji', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_reactions_pk', ['message_id', 'user_id', 'emoji'])
    .execute()

  await db.schema
    .createTable('message_events')
    .addColumn('conversation_id', ref, (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    // 'reaction' | 'edit' | 'unsend'
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('actor_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('message_events_pk', ['conversation_id', 'seq'])
    .execute()
  await db.schema
    .createIndex('message_events_message')
    .on('message_events')
    .columns(['message_id'])
    .execute()
}
