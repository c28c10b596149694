import type { AppContext } from '../context'
import { hashPassword } from '../domain/accounts/passwords'
import { DEMO_PEOPLE } from './people'
import { seedWorld, type SeedSummary } from './seed-world'

/** Every demo account shares this password; it is printed with the logins. */
export const DEMO_PASSWORD = 'corkboard-demo'

export interface DemoOptions {
  /** fewer pins and pictures make the tests quick; the code path is the same */
  pins?: number
  images?: number
  /** print the logins box (on by default) */
  print?: boolean
}

/** Seeds the demo world into an empty database; does nothing when anyone has signed up. */
export async function seedDemoIfEmpty(
  ctx: Pick<AppContext, 'db' | 'dialect' | 'log' | 'services'>,
  opts: DemoOptions = {},
): Promise<SeedSummary | null> {
  const anyone = await ctx.db.selectFrom('users').select('id').limit(1).executeTakeFirst()
  if (anyone) return null
  ctx.log.info('empty database: seeding the demo world')
  const summary = await seedWorld(
    { db: ctx.db, dialect: ctx.dialect, media: ctx.services.media },
    {
      people: DEMO_PEOPLE,
      pins: opts.pins ?? 500,
      images: opts.images ?? 140,
      avatars: DEMO_PEOPLE.length,
      follows: 'curated',
      // one argon2id hash for all: hashing 33 passwords would dominate the first start
      passwordHash: await hashPassword(DEMO_PASSWORD),
      likesPerPin: 2.5,
      repinShare: 0.3,
      seed: 'corkboard-demo',
    },
  )
  const { userIds: _ids, ...counts } = summary
  ctx.log.info(counts, 'demo world seeded')
  if (opts.print !== false) console.log(demoLoginsBox())
  return summary
}

/** The demo logins, boxed, for the console. */
export function demoLoginsBox(): string {
  const people = DEMO_PEOPLE.filter((p) => !p.business_name).map((p) => p.username)
  const brands = DEMO_PEOPLE.filter((p) => p.business_name).map(
    (p) => `${p.username} (${p.business_name})`,
  )
  const lines = [
    `Demo logins — password for all: ${DEMO_PASSWORD}`,
    '',
    ...wrap(`people: ${people.join(', ')}`, 70),
    ...wrap(`brands: ${brands.join(', ')}`, 70),
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
