import { sql, type Kysely } from 'kysely'

/**
 * `messages_attachment` (conversation id, attachment type, seq) serves only look-ups of a
 * conversation's attachments (`attachment_type = 'pin'`: the pins shared here, déjà vu, a vote's
 * pin), yet every message wrote an entry into it, a text message's a NULL nobody reads. Built
 * again over the messages that carry an attachment only, so that a text message writes three
 * index entries (its key, its seq, its client id) instead of four; a query naming a type still
 * finds it, since `attachment_type = …` implies `attachment_type is not null` on both dialects.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`drop index messages_attachment`.execute(db)
  await sql`create index messages_attachment on messages (conversation_id, attachment_type, seq)
    where attachment_type is not null`.execute(db)
}
