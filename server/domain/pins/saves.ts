import type { Db } from '../../db/database'
import { preparedQuery } from '../../db/prepared'

/** One of a viewer's saves of a pin, as the Pin object carries it (`saved_to`). */
export interface PinSave {
  board_id: string
  board_name: string
  pin_id: string
}

/** A viewer's saves by original (see `originalOf`), each list oldest first. */
export type SavesByOriginal = ReadonlyMap<number, readonly PinSave[]>

/** Above this many pins of their own, a reader's saves are looked up per page, not kept. */
export const MAX_KEPT_SAVES = 2_000

/**
 * The original a pin belongs to: the root of its save chain (`root_pin_id`, filled on insert),
 * or the pin itself when it is one. Two pins are "the same pin" to a saver when their originals
 * match: saving either into a board that holds the other changes nothing.
 */
export const originalOf = (pin: { id: number; root_pin_id: number | null }): number =>
  Number(pin.root_pin_id ?? pin.id)

interface SaveRow {
  id: number
  root_pin_id: number | null
  board_id: number
  board_name: string
}

function group(rows: SaveRow[]): Map<number, PinSave[]> {
  const out = new Map<number, PinSave[]>()
  for (const r of rows.sort((a, b) => Number(a.id) - Number(b.id))) {
    const key = originalOf({ id: Number(r.id), root_pin_id: r.root_pin_id })
    const list = out.get(key) ?? []
    list.push({ board_id: String(r.board_id), board_name: r.board_name, pin_id: String(r.id) })
    out.set(key, list)
  }
  return out
}

const saveColumns = ['p.id', 'p.root_pin_id', 'p.board_id', 'b.name as board_name'] as const

/**
 * Every pin of a user's (originals they made and saves), by original, for the readers cache;
 * null when they have more than `MAX_KEPT_SAVES` (then `savesAmong` answers per page).
 */
export function createOwnSaves(db: Db) {
  const ownPins = preparedQuery(db, 1, (userId: number) =>
    db
      .selectFrom('pins as p')
      .innerJoin('boards as b', 'b.id', 'p.board_id')
      .select(saveColumns)
      .where('p.owner_id', '=', userId)
      .orderBy('p.id')
      .limit(MAX_KEPT_SAVES + 1),
  )
  return async (userId: number): Promise<SavesByOriginal | null> => {
    const rows = await ownPins(userId)
    return rows.length > MAX_KEPT_SAVES ? null : group(rows)
  }
}

/**
 * The viewer's saves of these originals, in one query over two index probes: their saves of
 * them (owner_id, root_pin_id) and the originals they made themselves (owner_id, id).
 */
export async function savesAmong(
  db: Db,
  viewerId: number,
  originals: readonly number[],
): Promise<SavesByOriginal> {
  const keys = [...new Set(originals)]
  if (keys.length === 0) return new Map()
  const rows = await db
    .selectFrom('pins as p')
    .innerJoin('boards as b', 'b.id', 'p.board_id')
    .select(saveColumns)
    .where('p.owner_id', '=', viewerId)
    .where('p.root_pin_id', 'in', keys)
    .unionAll(
      db
        .selectFrom('pins as p')
        .innerJoin('boards as b', 'b.id', 'p.board_id')
        .select(saveColumns)
        .where('p.owner_id', '=', viewerId)
        .where('p.id', 'in', keys)
        .where('p.root_pin_id', 'is', null),
    )
    .execute()
  return group(rows as SaveRow[])
}

/** JSON of the viewer's own fields that come after `is_liked`: the saved state. */
export function savedJson(saves: readonly PinSave[] | undefined): string {
  return saves && saves.length > 0
    ? `,"is_saved":true,"saved_to":${JSON.stringify(saves)}`
    : ',"is_saved":false,"saved_to":[]'
}
