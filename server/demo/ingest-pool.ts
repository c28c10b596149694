import { availableParallelism } from 'node:os'
import type { StoredMedia } from '../domain/media/service'
import { avatarSvg, brandMarkSvg, renderSvgPng } from './images/avatars'
import { renderDemoImage, THEMES, type Theme } from './images/render'
import type { Rng } from './prng'

/** The one thing the seeder needs from the media service. */
export interface MediaIngest {
  ingest(ownerId: number, data: Buffer): Promise<StoredMedia>
}

export interface MediaPools {
  /** per theme: images for public pins, and images only ever used on secret boards */
  public: Record<Theme, string[]>
  secret: Record<Theme, string[]>
  avatars: string[]
  brandMarks: Map<number, string>
}

export interface PoolRequest {
  images: number
  avatars: number
  /** brand user id → hue of its mark */
  brands: Map<number, number>
  /** a user id to own the media of each theme */
  ownerFor: (theme: Theme, index: number) => number
  /** the user who first wears avatar `index` */
  avatarOwner: (index: number) => number
  seed: string
  onProgress?: (done: number, total: number) => void
}

async function mapLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>) {
  let next = 0
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!)
  }
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker))
}

/** Renders and ingests the pictures a seeded world reuses across its pins and profiles. */
export async function ingestPools(
  media: MediaIngest,
  rng: Rng,
  req: PoolRequest,
): Promise<MediaPools> {
  const empty = () =>
    Object.fromEntries(THEMES.map((t) => [t, [] as string[]])) as Record<Theme, string[]>
  const pools: MediaPools = { public: empty(), secret: empty(), avatars: [], brandMarks: new Map() }
  type Job = () => Promise<void>
  const jobs: Job[] = []
  for (let i = 0; i < req.images; i++) {
    const theme = THEMES[i % THEMES.length]!
    const round = Math.floor(i / THEMES.length)
    // every tenth picture of a theme is kept for secret boards only
    const secret = round % 10 === 9
    const owner = req.ownerFor(theme, i)
    jobs.push(async () => {
      const stored = await media.ingest(owner, await renderDemoImage(theme, `${req.seed}:${i}`))
      ;(secret ? pools.secret : pools.public)[theme].push(stored.key)
    })
  }
  for (let i = 0; i < req.avatars; i++) {
    jobs.push(async () => {
      const owner = req.avatarOwner(i)
      const stored = await media.ingest(owner, await renderSvgPng(avatarSvg(`${req.seed}:${i}`)))
      pools.avatars[i] = stored.key
    })
  }
  for (const [userId, hue] of req.brands) {
    jobs.push(async () => {
      const stored = await media.ingest(
        userId,
        await renderSvgPng(brandMarkSvg(String(userId), hue)),
      )
      pools.brandMarks.set(userId, stored.key)
    })
  }
  rng.shuffle(jobs)
  let done = 0
  await mapLimit(jobs, Math.max(2, availableParallelism()), async (job) => {
    await job()
    req.onProgress?.(++done, jobs.length)
  })
  for (const theme of THEMES) {
    if (pools.public[theme].length === 0) throw new Error(`no demo images for ${theme}`)
  }
  return pools
}
