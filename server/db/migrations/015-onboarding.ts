import { sql, type Kysely } from 'kysely'

/**
 * First sign-in: `users.onboarded_at` is when the person finished (or skipped) choosing topics
 * and first follows; null while they have not, and the web app leads them there. Accounts that
 * already follow someone or a board, or have pins of their own, are past being new: they
 * count as onboarded from the day they joined.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema.alterTable('users').addColumn('onboarded_at', 'text').execute()
  await sql`update users set onboarded_at = created_at
    where exists (select 1 from follows f where f.follower_id = users.id)
       or exists (select 1 from board_follows bf where bf.user_id = users.id)
       or exists (select 1 from pins p where p.owner_id = users.id)`.execute(db)
}
