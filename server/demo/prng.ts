/** A small seeded PRNG (mulberry32): the demo world and its images are deterministic. */
export interface Rng {
  /** uniform in [0, 1) */
  next(): number
  /** integer in [min, max] */
  int(min: number, max: number): number
  /** float in [min, max) */
  range(min: number, max: number): number
  chance(p: number): boolean
  pick<T>(items: readonly T[]): T
  /** `count` distinct items (fewer when the list is shorter) */
  sample<T>(items: readonly T[], count: number): T[]
  shuffle<T>(items: T[]): T[]
  /** a fresh generator derived from this one and a label, so sub-streams stay stable */
  fork(label: string | number): Rng
}

export function hashSeed(value: string | number): number {
  const text = String(value)
  let h = 2166136261
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i)
    h = Math.imul(h, 16777619)
  }
  return h >>> 0
}

export function createRng(seed: string | number): Rng {
  let state = hashSeed(seed) || 0x9e3779b9
  const next = () => {
    state = (state + 0x6d2b79f5) | 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1))
  const rng: Rng = {
    next,
    int,
    range: (min, max) => min + next() * (max - min),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error('pick from an empty list')
      return items[Math.floor(next() * items.length)]!
    },
    sample: (items, count) => rng.shuffle([...items]).slice(0, count),
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1))
        ;[items[i], items[j]] = [items[j]!, items[i]!]
      }
      return items
    },
    fork: (label) => createRng(`${state}:${label}`),
  }
  return rng
}
