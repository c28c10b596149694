import type { AccessToken, Scope } from '../../../protocol/api'
import { SCOPES } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { BadRequestError, NotFoundError } from '../../errors'
import type { Units } from '../unit'
import { revoked } from './credentials'
import { newSecret } from './tokens'

/** Personal access tokens: made with the scopes asked for, listed, deleted (ending their use). */
export function createAccessTokens(deps: { units: Units }) {
  const { units } = deps
  const { db } = units

  return {
    async createToken(userId: number, name: string, scopes: string[]) {
      const unknown = scopes.filter((s) => !(SCOPES as readonly string[]).includes(s))
      if (unknown.length) throw new BadRequestError(`Unknown scope: ${unknown.join(', ')}.`)
      if (scopes.length === 0) throw new BadRequestError('scopes must name at least one scope.')
      const { secret, hash } = newSecret('cb_')
      const row = await units.run(({ trx }) =>
        trx
          .insertInto('access_tokens')
          .values({
            user_id: userId,
            name: name.trim(),
            token_hash: hash,
            scopes: [...new Set(scopes)].join(' '),
            created_at: nowIso(),
            last_used_at: null,
          })
          .returning('id')
          .executeTakeFirstOrThrow(),
      )
      return { id: String(row.id), token: secret }
    },

    async listTokens(userId: number): Promise<AccessToken[]> {
      const rows = await db
        .selectFrom('access_tokens')
        .select(['id', 'name', 'scopes', 'created_at', 'last_used_at'])
        .where('user_id', '=', userId)
        .orderBy('id', 'desc')
        .execute()
      return rows.map((r) => ({
        id: String(r.id),
        name: r.name,
        scopes: r.scopes.split(' ') as Scope[],
        created_at: r.created_at,
        last_used_at: r.last_used_at,
      }))
    },

    async deleteToken(userId: number, tokenId: number) {
      await units.run(async (unit) => {
        const res = await unit.trx
          .deleteFrom('access_tokens')
          .where('id', '=', tokenId)
          .where('user_id', '=', userId)
          .executeTakeFirst()
        if (Number(res.numDeletedRows) === 0) throw new NotFoundError('Token')
        // cached by the token's hash, which is not at hand here
        unit.changed('auth', null)
        revoked(unit, userId, { session_hashes: [], token_ids: [tokenId] })
      })
    },
  }
}
