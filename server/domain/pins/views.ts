import type { Pin } from '../../../protocol/api'
import type { Db } from '../../db/database'
import { preparedQuery } from '../../db/prepared'
import type { Caches } from '../caches'
import { JsonText, type JsonPieces } from '../json-text'
import { mediaImages } from '../media/urls'
import type { Reader, Readers } from '../readers'
import { likedAmong, selectPinViews, type PinViewRow } from './repository'

/** A pin as everyone sees it; `is_owner` and `is_liked` depend on the reader. */
export type PinBase = Omit<Pin, 'is_owner' | 'is_liked'>

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
  secret: boolean
  /** the pin's JSON (UTF-8) without its closing brace, ready for the reader's own fields */
  open: Buffer
  /** the whole pin as most readers see it: not theirs, not liked */
  plain: Buffer
}

/** The reader's own fields and the closing brace, by [is_owner][is_liked]. */
const TAILS = [false, true].map((owner) =>
  [false, true].map((liked) => Buffer.from(`,"is_owner":${owner},"is_liked":${liked}}`)),
)

const withReader = (e: Entry, viewerId: number | null, liked: boolean): JsonPieces => [
  e.open,
  TAILS[Number(e.ownerId === viewerId)]![Number(liked)]!,
]

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

  const rowsById = (ids: number[]) =>
    selectPinViews(db).select('p.secret').where('p.id', 'in', ids).execute()
  const oneRow = preparedQuery(db, 1, (id: number) =>
    selectPinViews(db).select('p.secret').where('p.id', '=', id),
  )
  const likes = preparedQuery(db, 2, (viewerId: number, pinId: number) =>
    db
      .selectFrom('pin_likes')
      .select('pin_id')
      .where('user_id', '=', viewerId)
      .where('pin_id', '=', pinId),
  )

  function keep(row: PinViewRow & { secret: number }, stamp: number): Entry {
    const open = Buffer.from(JSON.stringify(basePin(row, publicUrl)).slice(0, -1))
    const entry: Entry = {
      ownerId: Number(row.owner_id),
      secret: Number(row.secret) === 1,
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
      if (entry.secret && entry.ownerId !== viewerId) return null
      if (viewerId === null) {
        shown?.([{ id: pinId, ownerId: entry.ownerId }])
        return new JsonText(entry.plain)
      }
      const reader = await readers.of(viewerId)
      if (reader.blocked.has(entry.ownerId)) return null
      shown?.([{ id: pinId, ownerId: entry.ownerId }])
      const liked = reader.liked
        ? reader.liked.has(pinId)
        : (await likes(viewerId, pinId)).length > 0
      return new JsonText(
        liked || entry.ownerId === viewerId
          ? Buffer.concat(withReader(entry, viewerId, liked))
          : entry.plain,
      )
    },

    /**
     * Pins the caller's query already found visible to `viewerId`, as JSON, in the given
     * order; at most one query for the ones not cached and one for the reader's likes.
     * `shown` hears which pins were served, with their owners (analytics' impressions).
     */
    many(
      ids: number[],
      viewerId: number | null,
      shown?: Shown,
    ): JsonPieces[] | Promise<JsonPieces[]> {
      // Everything in memory (the common case): answered at once, without a promise.
      const reader = viewerId === null ? null : readers.known(viewerId)
      if (viewerId === null || reader?.liked) {
        const found = new Map<number, Entry>()
        for (const id of ids) {
          const entry = cache.get(id)
          if (!entry) return manyLoading(ids, viewerId, shown)
          found.set(id, entry)
        }
        return render(ids, found, viewerId, reader ?? null, reader?.liked ?? NONE, shown)
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
    return render(ids, found, viewerId, reader, liked, shown)
  }

  function render(
    ids: number[],
    found: Map<number, Entry>,
    viewerId: number | null,
    reader: Reader | null,
    liked: ReadonlySet<number>,
    shown?: Shown,
  ): JsonPieces[] {
    const out: JsonPieces[] = []
    const served: { id: number; ownerId: number }[] | null = shown ? [] : null
    for (const id of ids) {
      const entry = found.get(id)
      // The caller's query decided visibility; a second look in memory costs nothing.
      if (!entry || (entry.secret && entry.ownerId !== viewerId)) continue
      if (reader?.blocked.has(entry.ownerId)) continue
      out.push(withReader(entry, viewerId, liked.has(id)))
      served?.push({ id, ownerId: entry.ownerId })
    }
    if (served && served.length > 0) shown!(served)
    return out
  }
}

const NONE: ReadonlySet<number> = new Set()

/** Told which pins a page served, with their owners. */
export type Shown = (pins: { id: number; ownerId: number }[]) => void

export type PinViews = ReturnType<typeof createPinViews>
