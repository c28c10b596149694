import type { Pin } from '../../../protocol/api'
import { nowIso } from '../../db/database'
import { ForbiddenError, NotFoundError } from '../../errors'
import { checkLength, parseLink } from './fields'
import { getSection, getVisibleBoard, getWritableBoard, type BoardRow } from '../boards/access'
import type { MediaService, MediaSource } from '../media/service'
import { JsonText, pageJson } from '../json-text'
import { decodeBookmark, DEFAULT_PAGE_SIZE, pageOf, parseId } from '../pagination'
import type { AnalyticsSink } from '../analytics/recorder'
import type { SearchIndexer } from '../search/indexer'
import type { Unit, Units } from '../unit'
import {
  createPinsRepository,
  insertPin,
  lockedBoardSecret,
  pinOfOriginalOnBoard,
  type NewPin,
  type PinRow,
  type PinViewRow,
} from './repository'
import { basePin, type PinViews } from './views'
import { originalOf } from './saves'
import { timeline } from '../feed/timeline'
import { createPinActions, type PinTarget } from './actions'

export interface PinFields {
  title?: string | null
  description?: string | null
  link?: string | null
  alt_text?: string | null
}

export interface CreatePinInput extends PinFields, PinTarget {
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

export { parseLink }

type Served = { id: number; ownerId: number }[]

function wireId(id: string, what: string): number {
  const n = parseId(id)
  if (n === null) throw new NotFoundError(what)
  return n
}

export function createPinsService(deps: {
  units: Units
  media: MediaService
  publicUrl: string
  views: PinViews
  search: SearchIndexer
  /** counts close-ups, board and section impressions, saves and source clicks */
  analytics: Pick<AnalyticsSink, 'pin' | 'impressions'>
}) {
  const { units, media, publicUrl, views, search, analytics } = deps
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
    const originals = rows.map((r) => originalOf({ id: Number(r.id), root_pin_id: r.root_pin_id }))
    const saved = viewerId === null ? null : await views.savesOf(viewerId, originals)
    return rows.map((r, i) => {
      const saves = saved?.get(originals[i]!) ?? []
      return {
        ...basePin(r, publicUrl),
        is_owner: r.owner_id === viewerId,
        is_liked: liked.has(r.id),
        is_saved: saves.length > 0,
        saved_to: [...saves],
      }
    })
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

  async function deletePin(unit: Unit, pinId: number, ownerId: number): Promise<void> {
    await timeline.pinRemoved(unit, pinId)
    await search.removePins(unit.trx, [pinId])
    await unit.trx.deleteFrom('pins').where('id', '=', pinId).execute()
    unit.changed('pins', [pinId])
    unit.changed('readers', [ownerId])
  }

  /** The viewer's pin; with `orBoardWriter`, any pin on a board they may write (a group board). */
  async function ownPin(pinId: string, viewerId: number, orBoardWriter = false): Promise<PinRow> {
    const pin = await visiblePin(pinId, viewerId)
    if (pin.owner_id === viewerId) return pin
    if (orBoardWriter) return getWritableBoard(db, viewerId, pin.board_id).then(() => pin)
    throw new ForbiddenError('Only the pin owner can do that.', 'not_owner')
  }

  /**
   * Writes a pin onto its board, flagged secret as the board is under its lock; 404 when gone.
   * With `original` (a save), the owner's pin of that original already on the board is answered
   * instead (`created: false`), looked up under the same lock: saves racing into one board
   * make one pin.
   */
  async function insertOnBoard(
    unit: Unit,
    pin: NewPin,
    original?: number,
  ): Promise<{ id: number; created: boolean }> {
    const { trx } = unit
    const secret = await lockedBoardSecret(trx, pin.board_id)
    if (secret === null) throw new NotFoundError('Board')
    if (original !== undefined) {
      const existing = await pinOfOriginalOnBoard(trx, pin.owner_id, pin.board_id, original)
      if (existing !== null) return { id: existing, created: false }
    }
    const id = await insertPin(trx, pin, secret, nowIso())
    await timeline.pinAdded(unit, id)
    await search.indexPins(trx, [id])
    // the owner's saved state (`is_saved`, `saved_to`) is kept with the reader
    unit.changed('readers', [pin.owner_id])
    return { id, created: true }
  }

  async function sectionOf(board: BoardRow, sectionId: string | null | undefined) {
    if (sectionId === undefined || sectionId === null) return null
    const section = await getSection(db, board.id, wireId(sectionId, 'Board section'))
    return section.id
  }

  /** Where a new pin goes: a board the viewer may write (theirs, a group board), and a section. */
  async function ownTarget(viewerId: number, target: PinTarget) {
    const board = await getWritableBoard(db, viewerId, wireId(target.board_id, 'Board'))
    return { board, sectionId: await sectionOf(board, target.board_section_id) }
  }

  async function listPage(
    viewerId: number | null,
    params: PageParams,
    filter: Parameters<typeof repo.pageIds>[1],
    /** a board's or section's page: the pins served are impressions */
    counted = false,
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
    const shown = counted ? (pins: Served) => analytics.impressions(viewerId, pins) : undefined
    return pageJson(await views.many(page.items, viewerId, shown), page.bookmark)
  }

  return {
    toPins,

    async get(pinId: string, viewerId: number | null): Promise<JsonText> {
      const pin = await views.one(wireId(pinId, 'Pin'), viewerId, ([p]) =>
        analytics.pin({ pinId: p!.id, ownerId: p!.ownerId, actorId: viewerId, metric: 'closeups' }),
      )
      if (!pin) throw new NotFoundError('Pin')
      return pin
    },

    listOwn: (viewerId: number, params: PageParams) =>
      listPage(viewerId, params, (q) => q.where('p.owner_id', '=', viewerId)),

    async listBoard(viewerId: number | null, boardId: string, params: PageParams) {
      const board = await getVisibleBoard(db, viewerId, wireId(boardId, 'Board'))
      return listPage(viewerId, params, (q) => q.where('p.board_id', '=', board.id), true)
    },

    async listSection(
      viewerId: number | null,
      boardId: string,
      sectionId: string,
      params: PageParams,
    ) {
      const board = await getVisibleBoard(db, viewerId, wireId(boardId, 'Board'))
      const section = await getSection(db, board.id, wireId(sectionId, 'Board section'))
      return listPage(viewerId, params, (q) => q.where('p.board_section_id', '=', section.id), true)
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
      const { board, sectionId } = await ownTarget(viewerId, input)
      const image = await media.fromSource(viewerId, input.media_source)
      const { id } = await units.run((unit) =>
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
      // moving a pin between a group board's sections: any of its writers (not just the owner)
      const pin = await ownPin(
        pinId,
        viewerId,
        Object.keys(patch).every((k) => k === 'board_section_id'),
      )
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
        const board = await getWritableBoard(
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
          if (moving) unit.changed('readers', [viewerId])
          if (moving) await timeline.pinMoved(unit, pin.id)
          await search.indexPins(trx, [pin.id])
        })
      }
      return pinView(pin.id, viewerId)
    },

    async delete(viewerId: number, pinId: string): Promise<void> {
      const pin = await ownPin(pinId, viewerId, true)
      await units.run((unit) => deletePin(unit, pin.id, pin.owner_id))
    },

    /** Deletes a pin whoever owns it, as its owner would (a moderator's removal), in `within`. */
    takeDown: (pinId: number, ownerId: number, within?: Unit) =>
      units.run((unit) => deletePin(unit, pinId, ownerId), within),

    ...createPinActions({
      units,
      analytics,
      access: { visiblePin, pinView, ownTarget, insertOnBoard },
    }),
  }
}

export type PinsService = ReturnType<typeof createPinsService>
