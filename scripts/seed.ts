/**
 * Builds a large synthetic data set into the configured database (DATABASE_URL, else the
 * embedded SQLite file): `npm run seed -- --pins 100000 [--users 10000] [--images 70]`.
 */
import { parseArgs } from 'node:util'
import cliProgress from 'cli-progress'
import pino from 'pino'
import { loadConfig } from '../server/config'
import { createContext } from '../server/context'
import { demoPasswordOf } from '../server/demo/demo-password'
import type { SeedPhase } from '../server/demo/seed-world'
import { seedSynthetic } from '../server/demo/synthetic'

const { values } = parseArgs({
  options: {
    pins: { type: 'string', default: '100000' },
    users: { type: 'string' },
    images: { type: 'string', default: '70' },
    seed: { type: 'string' },
  },
})
const count = (name: string, raw: string | undefined, min: number) => {
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min) {
    console.error(`--${name} must be an integer of at least ${min}`)
    process.exit(64)
  }
  return n
}
const pins = count('pins', values.pins, 1)
const users = count('users', values.users ?? String(Math.max(50, Math.round(pins / 10))), 2)
const images = count('images', values.images, 7)

const config = loadConfig()
const ctx = await createContext(config, { log: pino({ level: 'warn' }) })
console.log(
  `Seeding ${users} people and ${pins} pins into ${config.dialect} (${redact(config.databaseUrl)})`,
)

const LABELS: Record<SeedPhase, string> = {
  people: 'people ',
  images: 'images ',
  plan: 'planning',
  boards: 'boards ',
  pins: 'pins   ',
  likes: 'likes  ',
  follows: 'follows',
  feeds: 'feeds  ',
  search: 'search ',
}
const bar = new cliProgress.SingleBar(
  { format: '{phase} [{bar}] {percentage}% | {value}/{total} | {duration}s', hideCursor: true },
  cliProgress.Presets.shades_classic,
)
let phase: SeedPhase | null = null
try {
  const summary = await seedSynthetic(
    { db: ctx.db, media: ctx.services.media },
    {
      pins,
      users,
      images,
      seed: values.seed,
      // the installation's demo password (kept in DATA_DIR; made now if there is none yet)
      password: demoPasswordOf(config.dataDir),
      onProgress: (p, done, total) => {
        if (p !== phase) {
          if (phase) bar.stop()
          phase = p
          bar.start(total, done, { phase: LABELS[p] })
        } else bar.update(done)
      },
    },
  )
  bar.stop()
  const { userIds, ms, password, ...counts } = summary
  console.log(`Done in ${(ms / 1000).toFixed(1)} s:`, counts)
  console.log(`Users ${userIds[0]}–${userIds.at(-1)}; every password is "${password}".`)
} catch (err) {
  bar.stop()
  throw err
} finally {
  await ctx.close()
}

function redact(url: string) {
  return url.replace(/\/\/([^:@/]+):[^@/]+@/, '//$1:***@')
}
