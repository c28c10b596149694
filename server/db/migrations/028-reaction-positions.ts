import type { Kysely } from 'kysely'

/**
 * A reaction's stream position: the seq its event took (message-actions.ts), an integer like
 * every seq. Reactions are listed in the order they were made, and two made within the same
 * millisecond have the same `created_at`, so the time alone cannot order them. Reactions made
 * before this migration have none; they are older than every reaction that has one.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('message_reactions').addColumn('seq', 'integer').execute()
}
