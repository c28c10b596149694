import type { Db } from '../db/database'
import { hashPassword } from '../domain/accounts/passwords'
import { generateDemoPassword } from './demo-password'
import { THEMES } from './images/render'
import type { MediaIngest } from './ingest-pool'
import { DEMO_PEOPLE, syntheticPerson, type PersonIdea } from './people'
import { createRng } from './prng'
import { seedWorld, type SeedPhase, type SeedSummary } from './seed-world'

export interface SyntheticOptions {
  pins: number
  users: number
  /** distinct pictures, reused across all pins */
  images?: number
  follows?: { min: number; max: number }
  seed?: string
  /** every synthetic person's password: the installation's demo password (a fresh random one if not given) */
  password?: string
  onProgress?: (phase: SeedPhase, done: number, total: number) => void
}

/**
 * A large synthetic world (for benchmarks and load): `users` people (three of them brands),
 * `pins` pins, a follow graph of about min–max followees each. Adds to whatever is there.
 */
export async function seedSynthetic(
  deps: { db: Db; media: MediaIngest },
  opts: SyntheticOptions,
): Promise<SeedSummary & { password: string }> {
  const seed = opts.seed ?? `synthetic-${Date.now()}`
  const rng = createRng(seed)
  const last = await deps.db
    .selectFrom('users')
    .select((eb) => eb.fn.max<number | null>('id').as('max'))
    .executeTakeFirst()
  const offset = Number(last?.max ?? 0) + 1
  const brands = DEMO_PEOPLE.filter((p) => p.business_name)
  const people: PersonIdea[] = []
  for (let i = 0; i < opts.users; i++) {
    const brand = i < Math.min(3, Math.floor(opts.users / 10)) ? brands[i] : undefined
    people.push(
      brand
        ? { ...brand, username: `${brand.username}${offset + i}`.slice(0, 30) }
        : syntheticPerson(rng, offset + i, THEMES),
    )
  }
  const follows = opts.follows ?? { min: 20, max: 100 }
  const password = opts.password ?? generateDemoPassword()
  const summary = await seedWorld(deps, {
    people,
    pins: opts.pins,
    images: opts.images ?? 70,
    avatars: 24,
    follows: {
      min: Math.min(follows.min, opts.users - 1),
      max: Math.min(follows.max, opts.users - 1),
    },
    passwordHash: await hashPassword(password),
    emailDomain: 'example.org',
    likesPerPin: 0.8,
    repinShare: 0.25,
    seed,
    spanDays: 365,
    onProgress: opts.onProgress,
  })
  return { ...summary, password }
}
