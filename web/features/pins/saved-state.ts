import { useMemo, useSyncExternalStore } from 'react'
import type { Board, Pin } from '../../../protocol/api'

/** One of the viewer's saves of a pin: their pin of the same original, and its board. */
export type PinSave = Pin['saved_to'][number]

/** Saves made in this tab since its pins were loaded, by the id of the pin saved from. */
const made = new Map<string, readonly PinSave[]>()
const listeners = new Set<() => void>()

const subscribe = (listener: () => void) => {
  listeners.add(listener)
  return () => void listeners.delete(listener)
}

/** Remembers a save (or the pin a board already held) so every card of that pin shows it. */
export function recordSave(pinId: string, save: PinSave) {
  const list = made.get(pinId) ?? []
  if (list.some((s) => s.pin_id === save.pin_id)) return
  made.set(pinId, [...list, save])
  for (const listener of listeners) listener()
}

/**
 * Where the viewer has this pin: what the server said (`saved_to`) and what they saved since in
 * this tab, on boards they still have (once their boards are known), with the boards' names
 * as they are now.
 */
export function useSavedTo(pin: Pin, boards: Board[] | null): PinSave[] {
  const since = useSyncExternalStore(subscribe, () => made.get(pin.id))
  return useMemo(() => {
    // a pin served before the field existed (a tab open across an upgrade) has none
    const all = [...(pin.saved_to ?? [])]
    for (const save of since ?? []) {
      if (!all.some((s) => s.pin_id === save.pin_id)) all.push(save)
    }
    if (!boards) return all
    return all.flatMap((save) => {
      const board = boards.find((b) => b.id === save.board_id)
      return board ? [{ ...save, board_name: board.name }] : []
    })
  }, [pin.saved_to, since, boards])
}
