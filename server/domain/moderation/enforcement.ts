import { nowIso } from '../../db/database'
import { NotFoundError } from '../../errors'
import { forUpdate } from '../../db/dialect'
import type { AccountsService } from '../accounts/service'
import type { BoardsService } from '../boards/service'
import type { PinsService } from '../pins/service'
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
  pins: Pick<PinsService, 'takeDown'>
  boards: Pick<BoardsService, 'takeDown'>
}) {
  const { units, accounts } = deps

  /** Remembers what moderators took down: a message card of it says so. */
  async function remember(unit: Unit, type: RemovableType, ids: number[]) {
    const removedAt = nowIso()
    for (let i = 0; i < ids.length; i += 500) {
      await unit.trx
        .insertInto('removed_content')
        .values(
          ids
            .slice(i, i + 500)
            .map((id) => ({ target_type: type, target_id: id, removed_at: removedAt })),
        )
        .onConflict((oc) => oc.doNothing())
        .execute()
    }
  }

  async function removePin(unit: Unit, pinId: number) {
    const pin = await unit.trx
      .selectFrom('pins as p')
      .innerJoin('users as u', 'u.id', 'p.owner_id')
      .select([
        'p.id',
        'p.owner_id',
        'u.username as owner_username',
        'p.board_id',
        'p.title',
        'p.description',
        'p.link',
        'p.media_key',
        'p.created_at',
      ])
      .where('p.id', '=', pinId)
      .$call(forUpdate(unit.trx))
      .executeTakeFirst()
    if (!pin) return null
    await deps.pins.takeDown(pinId, Number(pin.owner_id), unit)
    await remember(unit, 'pin', [pinId])
    return {
      type: 'pin',
      id: String(pin.id),
      owner: { username: pin.owner_username },
      board_id: String(pin.board_id),
      title: pin.title,
      description: pin.description,
      link: pin.link,
      media_key: pin.media_key,
      created_at: pin.created_at,
    }
  }

  async function removeBoard(unit: Unit, boardId: number) {
    const board = await unit.trx
      .selectFrom('boards as b')
      .innerJoin('users as u', 'u.id', 'b.owner_id')
      .select([
        'b.id',
        'b.owner_id',
        'u.username as owner_username',
        'b.name',
        'b.description',
        'b.privacy',
        'b.created_at',
      ])
      .where('b.id', '=', boardId)
      .$call(forUpdate(unit.trx))
      .executeTakeFirst()
    if (!board) return null
    const pins = await unit.trx
      .selectFrom('pins')
      .select('id')
      .where('board_id', '=', boardId)
      .execute()
    const pinIds = pins.map((p) => Number(p.id))
    await deps.boards.takeDown(boardId, Number(board.owner_id), unit)
    // its pins went with it: their cards say so too
    await remember(unit, 'board', [boardId])
    await remember(unit, 'pin', pinIds)
    return {
      type: 'board',
      id: String(board.id),
      owner: { username: board.owner_username },
      name: board.name,
      description: board.description,
      privacy: board.privacy,
      pin_count: pinIds.length,
      created_at: board.created_at,
    }
  }

  async function removeMessage(unit: Unit, messageId: number) {
    const message = await unit.trx
      .selectFrom('messages as m')
      .innerJoin('users as u', 'u.id', 'm.sender_id')
      .select([
        'm.id',
        'm.conversation_id',
        'm.seq',
        'm.sender_id',
        'u.username as sender_username',
        'm.text',
        'm.attachment_type',
        'm.attachment_id',
        'm.created_at',
      ])
      .where('m.id', '=', messageId)
      .$call(forUpdate(unit.trx))
      .executeTakeFirst()
    // gone, or removed already (only a removal leaves a message with neither)
    if (!message || (message.text === null && message.attachment_type === null)) return null
    await unit.trx
      .updateTable('messages')
      .set({ text: null, attachment_type: null, attachment_id: null })
      .where('id', '=', messageId)
      .execute()
    await remember(unit, 'message', [messageId])
    const members = await unit.trx
      .selectFrom('conversation_members')
      .select('user_id')
      .where('conversation_id', '=', message.conversation_id)
      .where('left_seq', 'is', null)
      .execute()
    unit.publish({
      type: 'message.updated',
      conversation_id: Number(message.conversation_id),
      seq: Number(message.seq),
      message_id: messageId,
      member_ids: members.map((m) => Number(m.user_id)),
    })
    return {
      type: 'message',
      id: String(message.id),
      conversation_id: String(message.conversation_id),
      seq: Number(message.seq),
      sender: { username: message.sender_username },
      text: message.text,
      attachment:
        message.attachment_type === null
          ? null
          : { type: message.attachment_type, id: String(message.attachment_id) },
      created_at: message.created_at,
    }
  }

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
        // what shows its content: pin views (their `hidden`) and feed heads (their saved_by);
        // readers' own blocks, likes and saves do not change
        unit.changed('pins', null)
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
        // nothing of a suspended account was kept among credentials (refused, not cached)
        unit.changed('pins', null)
        unit.changed('feeds', null)
      }, within)
    },

    /** Takes one item down; returns what it was (JSON-able, for the audit), or null when already gone. */
    remove(
      target: { type: RemovableType; id: number },
      within?: Unit,
    ): Promise<Record<string, unknown> | null> {
      return units.run(async (unit) => {
        switch (target.type) {
          case 'pin':
            return removePin(unit, target.id)
          case 'board':
            return removeBoard(unit, target.id)
          case 'message':
            return removeMessage(unit, target.id)
        }
      }, within)
    },
  }
}

export type Enforcement = ReturnType<typeof createEnforcement>
