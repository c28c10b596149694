import pino from 'pino'
import { loadConfig } from '../../server/config'
import { createContext } from '../../server/context'
import { newSecret } from '../../server/domain/accounts/tokens'

/**
 * People, one token each, and groups of `groupSize` written directly (no follows needed: the policy
 * applies when a group is created or grown, and a group send only requires membership).
 */
export async function seed(env: NodeJS.ProcessEnv, people: number, groupSize: number) {
  const ctx = await createContext(loadConfig(env), { log: pino({ level: 'warn' }) })
  try {
    const created = new Date(Date.now() - 7 * 86_400_000).toISOString()
    const tokens: string[] = []
    const conversations: number[] = []
    await ctx.db.transaction().execute(async (trx) => {
      const userIds: number[] = []
      for (let from = 0; from < people; from += 200) {
        const rows = []
        for (let i = from; i < Math.min(people, from + 200); i++) {
          rows.push({
            username: `bench${i}`,
            email: `bench${i}@bench.invalid`,
            password_hash: '!',
            account_type: 'PINNER' as const,
            business_name: null,
            about: '',
            website_url: null,
            profile_image_key: null,
            message_policy: 'mutual' as const,
            created_at: created,
          })
        }
        const ids = await trx.insertInto('users').values(rows).returning('id').execute()
        userIds.push(...ids.map((r) => Number(r.id)))
      }
      for (let from = 0; from < people; from += 200) {
        const rows = []
        for (let i = from; i < Math.min(people, from + 200); i++) {
          const { secret, hash } = newSecret('cb_')
          tokens.push(secret)
          rows.push({
            user_id: userIds[i]!,
            name: 'bench',
            token_hash: hash,
            scopes: 'messages:read messages:write',
            created_at: created,
            last_used_at: null,
          })
        }
        await trx.insertInto('access_tokens').values(rows).execute()
      }
      for (let g = 0; g < people / groupSize; g++) {
        const members = userIds.slice(g * groupSize, (g + 1) * groupSize)
        const row = await trx
          .insertInto('conversations')
          .values({
            is_group: 1,
            title: `bench group ${g}`,
            pair_key: null,
            last_seq: 0,
            last_message_at: created,
            created_by: members[0]!,
            created_at: created,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        conversations.push(Number(row.id))
        await trx
          .insertInto('conversation_members')
          .values(
            members.map((user_id) => ({
              conversation_id: Number(row.id),
              user_id,
              joined_seq: 0,
              left_seq: null,
              muted: 0,
              last_read_seq: 0,
              joined_at: created,
            })),
          )
          .execute()
      }
    })
    return { tokens, conversations }
  } finally {
    await ctx.close()
  }
}
