import { sql } from 'kysely'
import { LIMITS } from '../../../protocol/limits'
import type { Pin } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { BadRequestError, ForbiddenError, NotFoundError } from '../../errors'
import { getOwnBoard, getSection, getVisibleBoard, type BoardRow } from '../boards/access'
import type { MediaService, MediaSource } from '../media/service'
import { JsonText, pageJson } from '../json-text'
import { decodeBookmark, DEFAULT_PAGE_SIZE, pageOf, parseId } from '../pagination'
import {
  cardMessage,
  findCardMessage,
  publishPinCounts,
  recordCardAction,
  type CardAction,
} from '../messaging/cards'
import type { SearchIndexer } from '../search/indexer'
import type { Unit, Units } from '../unit'
import {
  createPinsRepository,
  insertPin,
  lockedBoardSecret,
  type NewPin,
  type PinRow,
  type PinViewRow,
} from './repository'
import { basePin, type PinViews } from './views'
import type { Timeline } from '../feed/timeline'

export interface PinFields {
  title?: string | null
  description?: string | null
  link?: string | null
  alt_text?: string | null
}

export interface CreatePinInput extends PinFields {
  board_id: string
  board_section_id?: string | null
  media_source: MediaSource
}

export interface UpdatePinInput extends PinFields {
  board_id?: string
  board_section_id?: string | null
}

export interface PageParams {
  bookmark?: string
  page_size?: number
}

/** `via` names where a source click came from, e.g. `message:123`, `feed`, `board:9`. */
export const VIA_RE = /^[a-z_]{1,40}(:[0-9]{1,20})?$/

function checkLength(field: keyof typeof LIMITS.pin, value: string | null | undefined) {
  if (value && value.length > LIMITS.pin[field]) {
    throw new BadRequestError(`${field} must be at most ${LIMITS.pin[field]} characters.`)
  }
}

/** The link, checked (absolute http/https), and its domain as pin cards show it. */
export function parseLink(link: string | null | undefined): {
  link: string | null
  source_domain: string | null
} {
  if (!link) return { link: null, source_domain: null }
  checkLength('link', link)
  let url: URL
  try {
    url = new URL(link)
  } catch {
    throw new BadRequestError('link must be an absolute http or https URL.')
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new BadRequestError('link must be an absolute http or https URL.')
  }
  return { link, source_domain: url.hostname.replace(/^www\./, '') || null }
}

function wireId(id: string, what: string): number {
  const n = parseId(id)
  if (n === null) throw new NotFoundError(what)
  return n
}

/** Where a like or a save was made from: a pin card in a message (analytics count these). */
export interface ActionOrigin {
  viaMessageId?: string
}

export function createPinsService(deps: {
  units: Units
  media: MediaService
  publicUrl: string
  views: PinViews
  timeline: Timeline
  search: SearchIndexer
}) {
  const { units, media, publicUrl, views, timeline, search } = deps
  const { db } = units
  const repo = createPinsRepository(db)

  async function toPins(rows: PinViewRow[], viewerId: number | null): Promise<Pin[]> {
    // Rows from selectPinViews(db, viewerId) carry `liked`; others are looked up in one batch.
    const liked =
      viewerId === null || rows.every((r) => r.liked !== undefined)
        ? new Set(rows.filter((r) => Number(r.liked) === 1 || r.liked === true).map((r) => r.id))
        : await repo.likedAmong(
            viewerId,
            rows.map((r) => r.id),
          )
    return rows.map((r) => ({
      ...basePin(r, publicUrl),
      is_owner: r.owner_id === viewerId,
      is_liked: liked.has(r.id),
    }))
  }

  async function pinView(pinId: number, viewerId: number | null): Promise<Pin> {
    const row = await repo.findView(pinId, viewerId)
    if (!row) throw new NotFoundError('Pin')
    const [pin] = await toPins([row], viewerId)
    return pin!
  }

  async function visiblePin(pinId: string, viewerId: number | null): Promise<PinRow> {
    const pin = await repo.findVisible(wireId(pinId, 'Pin'), viewerId)
    if (!pin) throw new NotFoundError('Pin')
    return pin
  }

  async function ownPin(pinId: string, viewerId: number): Promise<PinRow> {
    const pin = await visiblePin(pinId, viewerId)
    if (pin.owner_id !== viewerId)
      throw new ForbiddenError('Only the pin owner can do that.', 'not_owner')
    return pin
  }

  /** Writes a pin onto its board, flagged secret as the board is under its lock; 404 when gone. */
  async function insertOnBoard(unit: Unit, pin: NewPin): Promise<number> {
    const { trx } = unit
    const secret = await lockedBoardSecret(trx, pin.board_id)
    if (secret === null) throw new NotFoundError('Board')
    const id = await insertPin(trx, pin, secret, nowIso())
    await timeline.pinAdded(unit, id)
    await search.indexPins(trx, [id])
    return id
  }

  async function sectionOf(board: BoardRow, sectionId: string | null | undefined) {
    if (sectionId === undefined || sectionId === null) return null
    const section = await getSection(db, board.id, wireId(sectionId, 'Board section'))
    return section.id
  }

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
  ) {
    if (!origin.viaMessageId) return
    const card = await cardMessage(unit.trx, viewerId, origin.viaMessageId, pinId)
    await recordCardAction(unit.trx, viewerId, card, action)
  }

  async function listPage(
    viewerId: number | null,
    params: PageParams,
    filter: Parameters<typeof repo.pageIds>[1],
  ): Promise<JsonText> {
    const size = params.page_size ?? DEFAULT_PAGE_SIZE
    const before = decodeBookmark(params.bookmark, { id: 'id' })
    const ids = await repo.pageIds(viewerId, filter, before ? before.id : null, size + 1)
    const page = pageOf(
      ids,
      size,
      (id) => id,
      (id) => ({ id }),
    )
    return pageJson(await views.many(page.items, viewerId), page.bookmark)
  }

  return {
    toPins,

    async get(pinId: string, viewerId: number | null): Promise<JsonText> {
      const pin = await views.one(wireId(pinId, 'Pin'), viewerId)
      if (!pin) throw new NotFoundError('Pin')
      return pin
    },

    listOwn: (viewerId: number, params: PageParams) =>
      listPage(viewerId, params, (q) => q.where('p.owner_id', '=', viewerId)),

    async listBoard(viewerId: number | null, boardId: string, params: PageParams) {
      const board = await getVisibleBoard(db, viewerId, wireId(boardId, 'Board'))
      return listPage(viewerId, params, (q) => q.where('p.board_id', '=', board.id))
    },

    async listSection(
      viewerId: number | null,
      boardId: string,
      sectionId: string,
      params: PageParams,
    ) {
      const board = await getVisibleBoard(db, viewerId, wireId(boardId, 'Board'))
      const section = await getSection(db, board.id, wireId(sectionId, 'Board section'))
      return listPage(viewerId, params, (q) => q.where('p.board_section_id', '=', section.id))
    },

    async listUser(viewerId: number | null, username: string, params: PageParams) {
      const user = await repo.userVisibleTo(username, viewerId)
      if (!user) throw new NotFoundError('User')
      return listPage(viewerId, params, (q) => q.where('p.owner_id', '=', user.id))
    },

    async create(viewerId: number, input: CreatePinInput): Promise<Pin> {
      checkLength('title', input.title)
      checkLength('description', input.description)
      checkLength('alt_text', input.alt_text)
      const { link, source_domain } = parseLink(input.link)
      const board = await getOwnBoard(db, viewerId, wireId(input.board_id, 'Board'))
      const sectionId = await sectionOf(board, input.board_section_id)
      const image = await media.fromSource(viewerId, input.media_source)
      const id = await units.run((unit) =>
        insertOnBoard(unit, {
          owner_id: viewerId,
          board_id: board.id,
          board_section_id: sectionId,
          title: input.title ?? '',
          description: input.description ?? '',
          link,
          alt_text: input.alt_text || null,
          media_key: image.key,
          parent_pin_id: null,
          source_domain,
        }),
      )
      return pinView(id, viewerId)
    },

    async update(viewerId: number, pinId: string, patch: UpdatePinInput): Promise<Pin> {
      const pin = await ownPin(pinId, viewerId)
      checkLength('title', patch.title)
      checkLength('description', patch.description)
      checkLength('alt_text', patch.alt_text)
      const set: Partial<PinRow> = {}
      if (patch.title !== undefined) set.title = patch.title ?? ''
      if (patch.description !== undefined) set.description = patch.description ?? ''
      if (patch.alt_text !== undefined) set.alt_text = patch.alt_text || null
      if (patch.link !== undefined) Object.assign(set, parseLink(patch.link))
      const moving =
        patch.board_id !== undefined && wireId(patch.board_id, 'Board') !== pin.board_id
      if (moving || patch.board_section_id !== undefined) {
        const board = await getOwnBoard(
          db,
          viewerId,
          moving ? wireId(patch.board_id!, 'Board') : pin.board_id,
        )
        set.board_id = board.id
        set.board_section_id =
          patch.board_section_id !== undefined
            ? await sectionOf(board, patch.board_section_id)
            : moving
              ? null
              : pin.board_section_id
      }
      if (Object.keys(set).length > 0) {
        await units.run(async (unit) => {
          const { trx } = unit
          if (set.board_id !== undefined) {
            const secret = await lockedBoardSecret(trx, set.board_id)
            if (secret === null) throw new NotFoundError('Board')
            set.secret = secret
          }
          await trx.updateTable('pins').set(set).where('id', '=', pin.id).execute()
          unit.changed('pins', [pin.id])
          if (moving) await timeline.pinMoved(unit, pin.id)
          await search.indexPins(trx, [pin.id])
        })
      }
      return pinView(pin.id, viewerId)
    },

    async delete(viewerId: number, pinId: string): Promise<void> {
      const pin = await ownPin(pinId, viewerId)
      await units.run(async (unit) => {
        await timeline.pinRemoved(unit, pin.id)
        await search.removePins(unit.trx, [pin.id])
        await unit.trx.deleteFrom('pins').where('id', '=', pin.id).execute()
        unit.changed('pins', [pin.id])
      })
    },

    /**
     * Saves (repins) a pin the viewer may see onto one of their boards; made from a message's
     * card, the card action is recorded in the same transaction. Live cards hear the counts.
     */
    async save(
      viewerId: number,
      pinId: string,
      target: { board_id: string; board_section_id?: string | null },
      from: ActionOrigin = {},
    ): Promise<Pin> {
      if (from.viaMessageId) await cardMessage(db, viewerId, from.viaMessageId, pinId)
      const origin = await visiblePin(pinId, viewerId)
      const board = await getOwnBoard(db, viewerId, wireId(target.board_id, 'Board'))
      const sectionId = await sectionOf(board, target.board_section_id)
      const id = await units.run(async (unit) => {
        const { trx } = unit
        const copy = await insertOnBoard(unit, {
          owner_id: viewerId,
          board_id: board.id,
          board_section_id: sectionId,
          title: origin.title,
          description: origin.description,
          link: origin.link,
          alt_text: origin.alt_text,
          media_key: origin.media_key,
          parent_pin_id: origin.id,
          source_domain: origin.source_domain,
        })
        await trx
          .updateTable('pins')
          .set({ save_count: sql`save_count + 1` })
          .where('id', '=', origin.id)
          .execute()
        unit.changed('pins', [origin.id])
        await recordFromCard(unit, viewerId, from, pinId, 'save')
        await publishPinCounts(unit, origin.id)
        return copy
      })
      return pinView(id, viewerId)
    },

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
      await units.run(async ({ trx }) => {
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
      })
      return pin.link
    },
  }
}

export type PinsService = ReturnType<typeof createPinsService>
