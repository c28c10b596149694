import type { AppContext } from '../context'
import { hashPassword, verifyPassword } from '../domain/accounts/passwords'
import { demoPasswordOf, readDemoPassword } from './demo-password'
import { DEMO_PEOPLE } from './people'
import { seedBrands, type BrandSeedSummary } from './seed-brands'
import { seedWorld, type SeedSummary } from './seed-world'

export interface DemoOptions {
  /** fewer pins and pictures make the tests quick; the code path is the same */
  pins?: number
  images?: number
}

/** What seeding made, and the password every demo account shares (this installation's own). */
export type DemoSeed = SeedSummary & { password: string; business: BrandSeedSummary }

/** The demo account that is the instance's admin (README: Roles and registrations). */
export const DEMO_ADMIN = DEMO_PEOPLE[0]!.username

type DemoContext = Pick<AppContext, 'db' | 'dialect' | 'log' | 'services' | 'config'>

/**
 * Seeds the demo world into an empty database; does nothing when anyone has signed up. The
 * demo accounts share a password made for this installation (random, kept in DATA_DIR), never a
 * published one: the server listens on every interface by default.
 */
export async function seedDemoIfEmpty(
  ctx: DemoContext,
  opts: DemoOptions = {},
): Promise<DemoSeed | null> {
  const anyone = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return null
  ctx.log.info('empty database: seeding the demo world')
  const password = demoPasswordOf(ctx.config.dataDir)
  const seed = 'corkboard-demo'
  const summary = await seedWorld(
    { db: ctx.db, media: ctx.services.media },
    {
      people: DEMO_PEOPLE,
      pins: opts.pins ?? 500,
      images: opts.images ?? 140,
      avatars: DEMO_PEOPLE.length,
      follows: 'curated',
      // one argon2id hash for all: hashing 33 passwords would dominate the first start
      passwordHash: await hashPassword(password),
      likesPerPin: 2.5,
      repinShare: 0.3,
      seed,
    },
  )
  let business: BrandSeedSummary
  try {
    // the brands' promotions, thank-yous and analytics, so /business is alive at first start
    business = await seedBrands(ctx.db, {
      people: DEMO_PEOPLE,
      userIds: summary.userIds,
      seed,
      now: Date.now(),
    })
  } catch (err) {
    // no half-built world: removing the people cascades to what they own
    await ctx.db.deleteFrom('users').where('id', 'in', summary.userIds).execute()
    throw err
  }
  // the demo's first person runs the instance (/admin), as the first sign-up would
  await ctx.db
    .updateTable('users')
    .set({ role: 'admin' })
    .where('username', '=', DEMO_ADMIN)
    .execute()
  const { userIds: _ids, ...counts } = summary
  ctx.log.info({ ...counts, business }, 'demo world seeded')
  return { ...summary, password, business }
}

/**
 * The demo logins box for the start banner, on every start: only while the kept password
 * still opens the demo accounts (null on an installation without them).
 */
export async function demoBanner(ctx: Pick<AppContext, 'db' | 'config'>): Promise<string | null> {
  const password = readDemoPassword(ctx.config.dataDir)
  if (!password) return null
  const first = await ctx.db
    .selectFrom('users')
    .select('password_hash')
    .where('username', '=', DEMO_PEOPLE[0]!.username)
    .executeTakeFirst()
  if (!first || !(await verifyPassword(first.password_hash, password))) return null
  return demoLoginsBox(password)
}

/** The demo logins, boxed, for the console. */
export function demoLoginsBox(password: string): string {
  const people = DEMO_PEOPLE.filter((p) => !p.business_name).map((p) => p.username)
  const brands = DEMO_PEOPLE.filter((p) => p.business_name).map(
    (p) => `${p.username} (${p.business_name})`,
  )
  const lines = [
    `Demo logins — password for all: ${password}`,
    '',
    ...wrap(`people: ${people.join(', ')}`, 70),
    ...wrap(`brands: ${brands.join(', ')}`, 70),
    `admin: ${DEMO_ADMIN} (the Admin pages: /admin/reports)`,
    '',
    'Start empty instead: DEMO=off (or set DATABASE_URL).',
  ]
  const width = Math.max(...lines.map((l) => l.length))
  const bar = '─'.repeat(width + 2)
  return [`┌${bar}┐`, ...lines.map((l) => `│ ${l.padEnd(width)} │`), `└${bar}┘`].join('\n')
}

function wrap(text: string, width: number): string[] {
  const out: string[] = []
  let line = ''
  for (const word of text.split(' ')) {
    if (line && line.length + word.length + 1 > width) {
      out.push(line)
      line = '        ' + word
    } else line = line ? `${line} ${word}` : word
  }
  if (line) out.push(line)
  return out
}
