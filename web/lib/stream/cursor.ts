import type { StorageLike } from './types'

/** The resume cursor: in memory, and in sessionStorage so a reload resumes too. */
export class Cursor {
  private current: string | null

  constructor(
    private readonly storage: StorageLike | null,
    private readonly key: string,
  ) {
    let stored: string | null
    try {
      stored = storage?.getItem(key) ?? null
    } catch {
      stored = null
    }
    this.current = stored
  }

  get value(): string | null {
    return this.current
  }

  set(cursor: string | null) {
    this.current = cursor
    try {
      if (cursor) this.storage?.setItem(this.key, cursor)
      else this.storage?.removeItem(this.key)
    } catch {
      // storage full or disabled: the cursor stays in memory
    }
  }
}

export function defaultStorage(): StorageLike | null {
  try {
    return window.sessionStorage
  } catch {
    return null
  }
}
