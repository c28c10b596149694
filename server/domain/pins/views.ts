import type { Pin } from '../../../protocol/api'
import type { Db } from '../../db/database'
import { idIn } from '../../db/dialect'
import { preparedQuery, runPrepared } from '../../db/prepared'
import type { Caches } from '../caches'
import { JsonText, type JsonPieces } from '../json-text'
import { mediaImages } from '../media/urls'
import type { Reader, Readers } from '../readers'
import { likedAmong, selectPinViews, type PinViewRow } from './repository'
import { originalOf, savedJson, savesAmong, type SavesByOriginal } from './saves'

/** A pin as everyone sees it; `is_owner`, `is_liked` and the saved state depend on the reader. */
export type PinBase = Omit<Pin, 'is_owner' | 'is_liked' | 'is_saved' | 'saved_to'>

export function basePin(r: PinViewRow, publicUrl: string): PinBase {
  return {
    id: String(r.id),
    created_at: r.created_at,
    title: r.title,
    description: r.description,
    link: r.link,
    alt_text: r.alt_text,
    dominant_color: r.dominant_color,
    board_id: String(r.board_id),
    board_section_id: r.board_section_id === null ? null : String(r.board_section_id),
    board_owner: { username: r.owner_username },
    parent_pin_id: r.parent_pin_id === null ? null : String(r.parent_pin_id),
    media: {
      media_type: 'image',
      images: mediaImages(publicUrl, r.media_key, r.width, r.height),
    },
    source_domain: r.source_domain,
    save_count: Number(r.save_count),
    like_count: Number(r.like_count),
  }
}

interface Entry {
  ownerId: number
  /** the original it is a pin of (the root of its save chain, or itself): saves match by it */
  original: number
  secret: boolean
  /** its board: a secret pin shows to the board's group (`Reader.groupBoards`) too */
  boardId: number
  /** its owner is suspended: shown to no one else (a suspension drops every entry) */
  hidden: boolean
  /** the pin's JSON (UTF-8) without its closing brace, ready for the reader's own fields */
  open: Buffer
  /** the whole pin as most readers see it: not theirs, not liked, not saved */
  plain: Buffer
}

/** The reader's own fields and the closing brace when not saved, by [is_owner][is_liked]. */
const TAILS = [false, true].map((owner) =>
  [false, true].map((liked) =>
    Buffer.from(`,"is_owner":${owner},"is_liked":${liked}${savedJson(undefined)}}`),
  ),
)

function withReader(
  e: Entry,
  viewerId: number | null,
  liked: boolean,
  saved: SavesByOriginal,
): JsonPieces {
  const owner = e.ownerId === viewerId
  const saves = saved.get(e.original)
  if (!saves) return [e.open, TAILS[Number(owner)]![Number(liked)]!]
  return [e.open, Buffer.from(`,"is_owner":${owner},"is_liked":${liked}${savedJson(saves)}}`)]
}

/**
 * Pins rendered to JSON, cached by id, for the hottest reads: a pin by id and every page of
 * pins (feed, boards, profiles). Only what every reader sees is cached here; a reader's own
 * facts (blocks, likes) come from `readers`. Every write that changes what a pin shows
 * declares it in its unit (`unit.changed('pins', ids)`), dropped once it commits.
 */
export function createPinViews(deps: {
  db: Db
  publicUrl: string
  caches: Caches
  readers: Readers
}) {
  const { db, publicUrl, caches, readers } = deps
  const cache = caches.of<number, Entry>('pins')

  // a page's pins (search, boards, feeds) as one statement planned once per connection
  const rowsById = (ids: number[]) =>
    runPrepared(
      db,
      selectPinViews(db)
        .select(['p.secret', 'users.suspended_at'])
        .where(idIn(db, 'p.id', ids))
        .compile(),
    )
  const oneRow = preparedQuery(db, 1, (id: number) =>
    selectPinViews(db).select(['p.secret', 'users.suspended_at']).where('p.id', '=', id),
  )
  const likes = preparedQuery(db, 2, (viewerId: number, pinId: number) =>
    db
      .selectFrom('pin_likes')
      .select('pin_id')
      .where('user_id', '=', viewerId)
      .where('pin_id', '=', pinId),
  )

  function keep(
    row: PinViewRow & { secret: number; suspended_at: string | null },
    stamp: number,
  ): Entry {
    const open = Buffer.from(JSON.stringify(basePin(row, publicUrl)).slice(0, -1))
    const entry: Entry = {
      ownerId: Number(row.owner_id),
      original: originalOf({ id: Number(row.id), root_pin_id: row.root_pin_id }),
      secret: Number(row.secret) === 1,
      boardId: Number(row.board_id),
      hidden: row.suspended_at !== null,
      open,
      plain: Buffer.concat([open, TAILS[0]![0]!]),
    }
    cache.set(Number(row.id), entry, stamp)
    return entry
  }

  return {
    /**
     * The pin as `viewerId` sees it, or null when they may not (secret, gone, blocked);
     * `shown` hears it was served, with its owner (analytics' close-ups).
     */
    async one(pinId: number, viewerId: number | null, shown?: Shown): Promise<JsonText | null> {
      let entry = cache.get(pinId)
      if (!entry) {
        const stamp = cache.stamp()
        const [row] = await oneRow(pinId)
        if (!row) return null
        entry = keep(row, stamp)
      }
      if (entry.hidden && entry.ownerId !== viewerId) return null
      if (viewerId === null) {
        if (entry.secret) return null
        shown?.([{ id: pinId, ownerId: entry.ownerId }])
        return new JsonText(entry.plain)
      }
      const reader = await readers.of(viewerId)
      if (hiddenFrom(entry, viewerId, reader)) return null
      if (reader.blocked.has(entry.ownerId)) return null
      shown?.([{ id: pinId, ownerId: entry.ownerId }])
      const liked = reader.liked
        ? reader.liked.has(pinId)
        : (await likes(viewerId, pinId)).length > 0
      const saved = reader.saved ?? (await savesAmong(db, viewerId, [entry.original]))
      return new JsonText(
        liked || entry.ownerId === viewerId || saved.has(entry.original)
          ? Buffer.concat(withReader(entry, viewerId, liked, saved))
          : entry.plain,
      )
    },

    /** The viewer's saves of these originals: from memory, else one indexed query. */
    async savesOf(viewerId: number, originals: number[]): Promise<SavesByOriginal> {
      const reader = await readers.of(viewerId)
      return reader.saved ?? savesAmong(db, viewerId, originals)
    },

    /**
     * Pins the caller's query already found visible to `viewerId`, as JSON, in the given
     * order; at most one query for the ones not cached and one each for the reader's likes and
     * saves (when too many to keep in memory).
     * `shown` hears which pins were served, with their owners (analytics' impressions).
     */
    many(
      ids: number[],
      viewerId: number | null,
      shown?: Shown,
    ): JsonPieces[] | Promise<JsonPieces[]> {
      // Everything in memory (the common case): answered at once, without a promise.
      const reader = viewerId === null ? null : readers.known(viewerId)
      if (viewerId === null || (reader?.liked && reader.saved)) {
        const found = new Map<number, Entry>()
        for (const id of ids) {
          const entry = cache.get(id)
          if (!entry) return manyLoading(ids, viewerId, shown)
          found.set(id, entry)
        }
        const saved = reader?.saved ?? NO_SAVES
        return render(ids, found, viewerId, reader ?? null, reader?.liked ?? NONE, saved, shown)
      }
      return manyLoading(ids, viewerId, shown)
    },
  }

  async function manyLoading(
    ids: number[],
    viewerId: number | null,
    shown?: Shown,
  ): Promise<JsonPieces[]> {
    const found = new Map<number, Entry>()
    const missing: number[] = []
    for (const id of ids) {
      const entry = cache.get(id)
      if (entry) found.set(id, entry)
      else missing.push(id)
    }
    const stamp = cache.stamp()
    const reader = viewerId === null ? null : await readers.of(viewerId)
    const [rows, liked] = await Promise.all([
      missing.length ? rowsById(missing) : [],
      viewerId === null ? new Set<number>() : (reader!.liked ?? likedAmong(db, viewerId, ids)),
    ])
    for (const row of rows) found.set(Number(row.id), keep(row, stamp))
    const saved =
      viewerId === null
        ? NO_SAVES
        : (reader!.saved ??
          (await savesAmong(
            db,
            viewerId,
            [...found.values()].map((e) => e.original),
          )))
    return render(ids, found, viewerId, reader, liked, saved, shown)
  }

  function render(
    ids: number[],
    found: Map<number, Entry>,
    viewerId: number | null,
    reader: Reader | null,
    liked: ReadonlySet<number>,
    saved: SavesByOriginal,
    shown?: Shown,
  ): JsonPieces[] {
    const out: JsonPieces[] = []
    const served: { id: number; ownerId: number }[] | null = shown ? [] : null
    for (const id of ids) {
      const entry = found.get(id)
      // The caller's query decided visibility; a second look in memory costs nothing.
      if (!entry || hiddenFrom(entry, viewerId, reader)) continue
      if (reader?.blocked.has(entry.ownerId)) continue
      out.push(withReader(entry, viewerId, liked.has(id), saved))
      served?.push({ id, ownerId: entry.ownerId })
    }
    if (served && served.length > 0) shown!(served)
    return out
  }
}

/** Secret (not theirs, not on a group board of theirs) or its owner suspended. */
function hiddenFrom(e: Entry, viewerId: number | null, reader: Reader | null): boolean {
  if (e.ownerId === viewerId) return false
  return e.hidden || (e.secret && !reader?.groupBoards.has(e.boardId))
}

const NONE: ReadonlySet<number> = new Set()
const NO_SAVES: SavesByOriginal = new Map()

/** Told which pins a page served, with their owners. */
export type Shown = (pins: { id: number; ownerId: number }[]) => void

export type PinViews = ReturnType<typeof createPinViews>
