import type { Kysely } from 'kysely'
import type { Dialect } from '../database'
import { idColumn } from './001-core'

type Db = Kysely<unknown>

export async function up(db: Db, dialect: Dialect): Promise<void> {
  const [idType, idDef] = idColumn(dialect)
  const ref = dialect === 'postgres' ? 'bigint' : 'integer'

  await db.schema
    .createTable('conversations')
    .addColumn('id', idType, idDef)
    .addColumn('is_group', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('title', 'text')
    // "<lower user id>:<higher user id>" for a 1:1, so that there is only ever one
    .addColumn('pair_key', 'text', (c) => c.unique())
    // the last seq handed out; the next message takes last_seq + 1 under this row's lock
    .addColumn('last_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_message_at', 'text')
    .addColumn('created_by', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()

  await db.schema
    .createTable('conversation_members')
    .addColumn('conversation_id', ref, (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('user_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    // a member sees messages with seq > joined_seq, up to left_seq once they have left
    .addColumn('joined_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('left_seq', 'integer')
    .addColumn('muted', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_read_seq', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('joined_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('conversation_members_pk', ['conversation_id', 'user_id'])
    .execute()
  await db.schema
    .createIndex('conversation_members_user')
    .on('conversation_members')
    .columns(['user_id', 'conversation_id'])
    .execute()

  await db.schema
    .createTable('messages')
    .addColumn('id', idType, idDef)
    .addColumn('conversation_id', ref, (c) =>
      c.notNull().references('conversations.id').onDelete('cascade'),
    )
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('sender_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('client_message_id', 'text', (c) => c.notNull())
    .addColumn('text', 'text')
    .addColumn('attachment_type', 'text')
    .addColumn('attachment_id', ref)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('messages_conversation_seq', ['conversation_id', 'seq'])
    .addUniqueConstraint('messages_sender_client_id', ['sender_id', 'client_message_id'])
    .execute()
  await db.schema
    .createIndex('messages_attachment')
    .on('messages')
    .columns(['conversation_id', 'attachment_type', 'seq'])
    .execute()

  await db.schema
    .createTable('message_reports')
    .addColumn('id', idType, idDef)
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('reporter_id', ref, (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addUniqueConstraint('message_reports_once', ['message_id', 'reporter_id'])
    .execute()

  // What people did from a card in a conversation (save, like, source click, send on):
  // brand analytics count these.
  await db.schema
    .createTable('message_actions')
    .addColumn('id', idType, idDef)
    .addColumn('message_id', ref, (c) => c.notNull().references('messages.id').onDelete('cascade'))
    .addColumn('user_id', ref, (c) => c.references('users.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('pin_id', ref)
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute()
  await db.schema
    .createIndex('message_actions_message')
    .on('message_actions')
    .column('message_id')
    .execute()
}
