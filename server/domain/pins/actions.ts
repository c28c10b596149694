import { sql } from 'kysely'
import type { Pin } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { BadRequestError, NotFoundError } from '../../errors'
import type { BoardRow } from '../boards/access'
import {
  cardMessage,
  findCardMessage,
  publishCredit,
  publishPinCounts,
  recordCardAction,
  type CardAction,
} from '../messaging/cards'
import type { AnalyticsSink } from '../analytics/recorder'
import type { Unit, Units } from '../unit'
import type { NewPin, PinRow } from './repository'
import { originalOf } from './saves'

/** `via` names where a source click came from, e.g. `message:123`, `feed`, `board:9`. */
export const VIA_RE = /^[a-z_]{1,40}(:[0-9]{1,20})?$/

/** A board of the viewer's, and a section of it (null or absent: none). */
export interface PinTarget {
  board_id: string
  board_section_id?: string | null
}

/** Where a like or a save was made from: a pin card in a message (analytics count these). */
export interface ActionOrigin {
  viaMessageId?: string
}

/** What the actions need of the pins service. */
export interface PinAccess {
  /** the pin, if the viewer may see it; else 404 */
  visiblePin(pinId: string, viewerId: number | null): Promise<PinRow>
  /** the pin as the viewer sees it now */
  pinView(pinId: number, viewerId: number | null): Promise<Pin>
  /** with `original`: a pin of it already on the board is answered instead (`created: false`) */
  insertOnBoard(
    unit: Unit,
    pin: NewPin,
    original?: number,
  ): Promise<{ id: number; created: boolean }>
  ownTarget(
    viewerId: number,
    target: PinTarget,
  ): Promise<{ board: BoardRow; sectionId: number | null }>
}

/**
 * What people do with a pin someone else may have made: save it, like it, open its source.
 * Each is one transaction, with the card action when made from a message's card and the
 * counts live cards show, published once it commits.
 */
export function createPinActions(deps: {
  units: Units
  access: PinAccess
  analytics: Pick<AnalyticsSink, 'pin'>
}) {
  const { units, analytics } = deps
  const { db } = units
  const { visiblePin, pinView, ownTarget, insertOnBoard } = deps.access

  /**
   * Records a like or save made from a message's card, in the action's own unit: checked
   * again there, so a card that is gone by now undoes the action with a 404.
   */
  async function recordFromCard(
    unit: Unit,
    viewerId: number,
    origin: ActionOrigin,
    pinId: string,
    action: CardAction,
    savedPinId?: number,
  ) {
    if (!origin.viaMessageId) return undefined
    const card = await cardMessage(unit.trx, viewerId, origin.viaMessageId, pinId)
    await recordCardAction(unit.trx, viewerId, card, action, savedPinId)
    return card
  }

  /** A save's writes, in `unit`: the pin on the board, the count, the card action, the hints. */
  async function saveIn(
    unit: Unit,
    viewerId: number,
    origin: PinRow,
    boardId: number,
    sectionId: number | null,
    from: ActionOrigin,
  ): Promise<{ id: number; created: boolean }> {
    const { trx } = unit
    const pinId = String(origin.id)
    const copy = await insertOnBoard(
      unit,
      {
        owner_id: viewerId,
        board_id: boardId,
        board_section_id: sectionId,
        title: origin.title,
        description: origin.description,
        link: origin.link,
        alt_text: origin.alt_text,
        media_key: origin.media_key,
        parent_pin_id: origin.id,
        source_domain: origin.source_domain,
      },
      originalOf(origin),
    )
    if (!copy.created) return copy
    await trx
      .updateTable('pins')
      .set({ save_count: sql`save_count + 1` })
      .where('id', '=', origin.id)
      .execute()
    unit.changed('pins', [origin.id])
    const card = await recordFromCard(unit, viewerId, from, pinId, 'save', copy.id)
    // the sender's credit line ("ben saved this to Camping"), live to them
    if (card) publishCredit(unit, viewerId, card)
    await publishPinCounts(unit, origin.id)
    const event = { pinId: origin.id, ownerId: origin.owner_id, actorId: viewerId }
    unit.afterCommit(() => {
      analytics.pin({ ...event, metric: 'saves' })
      // a save from a message's card is credited to the one who sent it
      if (card) {
        analytics.pin({ ...event, metric: 'saves_via_message', creditUserId: card.sender_id })
      }
    })
    return copy
  }

  return {
    /**
     * Saves (repins) a pin the viewer may see onto one of their boards; made from a message's
     * card, the card action is recorded in the same transaction. Live cards hear the counts.
     * A board already holding a pin of the same original answers that pin, and nothing changes
     * (`created: false`: no new pin, no count, no card action).
     */
    async save(
      viewerId: number,
      pinId: string,
      target: PinTarget,
      from: ActionOrigin = {},
    ): Promise<{ pin: Pin; created: boolean }> {
      if (from.viaMessageId) await cardMessage(db, viewerId, from.viaMessageId, pinId)
      const origin = await visiblePin(pinId, viewerId)
      const { board, sectionId } = await ownTarget(viewerId, target)
      const copy = await units.run((unit) =>
        saveIn(unit, viewerId, origin, board.id, sectionId, from),
      )
      return { pin: await pinView(copy.id, viewerId), created: copy.created }
    },

    /**
     * Saves a pin the caller found visible to the viewer onto a board they may write, inside the
     * caller's unit (making a board from a conversation's shortlist).
     */
    saveWithin: (unit: Unit, viewerId: number, origin: PinRow, boardId: number) =>
      saveIn(unit, viewerId, origin, boardId, null, {}),

    /**
     * Likes a pin (idempotent); made from a message's card, the card action is recorded in the
     * same transaction. Live cards hear the counts.
     */
    async like(viewerId: number, pinId: string, from: ActionOrigin = {}): Promise<Pin> {
      if (from.viaMessageId) await cardMessage(db, viewerId, from.viaMessageId, pinId)
      const pin = await visiblePin(pinId, viewerId)
      await units.run(async (unit) => {
        const { trx } = unit
        const res = await trx
          .insertInto('pin_likes')
          .values({ user_id: viewerId, pin_id: pin.id, created_at: nowIso() })
          .onConflict((oc) => oc.columns(['user_id', 'pin_id']).doNothing())
          .executeTakeFirst()
        if (Number(res.numInsertedOrUpdatedRows ?? 0) > 0) {
          await trx
            .updateTable('pins')
            .set({ like_count: sql`like_count + 1` })
            .where('id', '=', pin.id)
            .execute()
        }
        unit.changed('pins', [pin.id])
        unit.changed('readers', [viewerId])
        await recordFromCard(unit, viewerId, from, pinId, 'like')
        await publishPinCounts(unit, pin.id)
      })
      return pinView(pin.id, viewerId)
    },

    /** Takes a like back (idempotent). Live cards hear the counts. */
    async unlike(viewerId: number, pinId: string): Promise<Pin> {
      const pin = await visiblePin(pinId, viewerId)
      await units.run(async (unit) => {
        const { trx } = unit
        const res = await trx
          .deleteFrom('pin_likes')
          .where('user_id', '=', viewerId)
          .where('pin_id', '=', pin.id)
          .executeTakeFirst()
        if (Number(res.numDeletedRows) > 0) {
          await trx
            .updateTable('pins')
            .set({ like_count: sql`like_count - 1` })
            .where('id', '=', pin.id)
            .execute()
        }
        unit.changed('pins', [pin.id])
        unit.changed('readers', [viewerId])
        await publishPinCounts(unit, pin.id)
      })
      return pinView(pin.id, viewerId)
    },

    /**
     * Records a signed-in viewer's click on the pin's source link and returns the link to
     * redirect to. An anonymous visitor is not sent off-site from this domain (no open
     * redirect for anyone who can make a pin): null, nothing counted, once the pin is found.
     * A `message:<id>` click from the card of a message the viewer sees is also recorded as
     * that card's action, in the same transaction; anyone else's is a plain click.
     */
    async openSource(
      viewerId: number | null,
      pinId: string,
      via: string | undefined,
    ): Promise<string | null> {
      const pin = await visiblePin(pinId, viewerId)
      if (!pin.link) throw new NotFoundError('Pin source')
      if (via !== undefined && (via.length > 64 || !VIA_RE.test(via))) {
        throw new BadRequestError('via must look like "message:123" or "feed".')
      }
      if (viewerId === null) return null
      const viaMessage = via?.startsWith('message:') ? via.slice('message:'.length) : null
      await units.run(async (unit) => {
        const { trx } = unit
        await trx
          .insertInto('pin_clicks')
          .values({ pin_id: pin.id, user_id: viewerId, via: via ?? null, created_at: nowIso() })
          .execute()
        await trx
          .updateTable('pins')
          .set({ click_count: sql`click_count + 1` })
          .where('id', '=', pin.id)
          .execute()
        const card = viaMessage && (await findCardMessage(trx, viewerId, viaMessage, pin.id))
        if (card) await recordCardAction(trx, viewerId, card, 'click')
        const event = { pinId: pin.id, ownerId: pin.owner_id, actorId: viewerId }
        unit.afterCommit(() => {
          analytics.pin({ ...event, metric: 'source_clicks' })
          // a click through a message's card is credited to the one who sent it
          if (card) {
            analytics.pin({ ...event, metric: 'clicks_via_message', creditUserId: card.sender_id })
          }
        })
      })
      return pin.link
    },
  }
}
