import { join } from 'node:path'
import type { Server } from '../measure'
import { startServer } from '../measure'
import { seed } from './seed'

export const GROUP_SIZE = 10
/** a sustained step's drain: everything must have arrived within it */
export const DRAIN_MS = 5000

/** A server under measurement (one or more processes), and how its people reach it. */
export interface Side {
  name: string
  /** its processes: CPU and memory are the sum over them */
  servers: Server[]
  /** the name of the ceiling its rate is compared with (none for a ceiling) */
  ceiling?: string
  /** the SQLite ceiling or Corkboard, PostgreSQL ones, and whether this is two instances */
  dialect: 'sqlite' | 'postgres'
  instances: number
  /** the URL and headers of person `i`'s socket */
  socket(i: number): { url: string; headers: Record<string, string> }
  /** the conversation of group `g`, as a wire id */
  conversation(g: number): string
  /** PostgreSQL ones: the URL of its database (its backends' CPU is measured too) */
  database?: string
  /** Corkboard only: the base URL and headers of person `i`'s REST requests (resume checks) */
  rest?(i: number): { url: string; headers: Record<string, string> }
}

export const SQLITE_CEILING = 'ceiling (bare ws + better-sqlite3)'
export const PG_CEILING = 'ceiling (bare ws + pg + Redis)'

const wsUrl = (server: Server) => server.url.replace(/^http/, 'ws')

/** The raw ceiling: a bare `ws` broadcast server with a bare better-sqlite3 insert per message. */
export async function ceilingSide(
  env: NodeJS.ProcessEnv,
  dir: string,
  clients: number,
  batch: boolean,
  servers: Server[],
): Promise<Side> {
  const ceiling = await startServer(
    './servers/ws-ceiling.ts',
    {
      ...env,
      CEILING_DB: join(dir, 'ceiling.db'),
      GROUP_SIZE: String(GROUP_SIZE),
      CEILING_BATCH: batch ? '1' : '0',
    },
    ['--expose-gc'],
  )
  servers.push(ceiling)
  return {
    name: SQLITE_CEILING,
    servers: [ceiling],
    dialect: 'sqlite',
    instances: 1,
    socket: (i) => ({ url: `${wsUrl(ceiling)}/?u=${i % clients}`, headers: {} }),
    conversation: (g) => String(g),
  }
}

/**
 * The raw PostgreSQL + Redis ceiling: a bare `ws` server, one batched insert per event-loop
 * turn into a table of its own in `pgUrl`, a publish to `redisUrl`, broadcast by its subscriber.
 */
export async function pgCeilingSide(
  env: NodeJS.ProcessEnv,
  pgUrl: string,
  redisUrl: string,
  clients: number,
  servers: Server[],
): Promise<Side> {
  const ceiling = await startServer(
    './servers/ws-pg-ceiling.ts',
    { ...env, CEILING_PG_URL: pgUrl, CEILING_REDIS_URL: redisUrl, GROUP_SIZE: String(GROUP_SIZE) },
    ['--expose-gc'],
  )
  servers.push(ceiling)
  return {
    name: PG_CEILING,
    servers: [ceiling],
    dialect: 'postgres',
    instances: 1,
    database: pgUrl,
    socket: (i) => ({ url: `${wsUrl(ceiling)}/?u=${i % clients}`, headers: {} }),
    conversation: (g) => String(g),
  }
}

/**
 * The real server on a freshly seeded database, one Bearer token per person; with `instances`
 * > 1, that many server processes on the same database (and Redis, in `env`), person `i` on
 * instance `i % instances`: every group has members on each, so deliveries cross instances.
 */
export async function corkboardSide(
  name: string,
  env: NodeJS.ProcessEnv,
  clients: number,
  profile: string | undefined,
  servers: Server[],
  options: { ceiling: string; dialect: 'sqlite' | 'postgres'; instances?: number },
): Promise<Side> {
  const fixture = await seed(env, clients, GROUP_SIZE)
  const instances = options.instances ?? 1
  const own: Server[] = []
  for (let k = 0; k < instances; k++) {
    // each instance profiles into a folder of its own
    const dir = profile && instances > 1 ? join(profile, `instance-${k + 1}`) : profile
    const server = await startServer('./servers/corkboard-server.ts', env, [
      '--expose-gc',
      ...(dir ? ['--cpu-prof', `--cpu-prof-dir=${dir}`] : []),
    ])
    servers.push(server)
    own.push(server)
  }
  const serverOf = (i: number) => own[(i % clients) % instances]!
  const bearer = (i: number) => ({ authorization: `Bearer ${fixture.tokens[i % clients]!}` })
  return {
    name,
    servers: own,
    ceiling: options.ceiling,
    dialect: options.dialect,
    instances,
    ...(options.dialect === 'postgres' ? { database: env.DATABASE_URL } : {}),
    socket: (i) => ({ url: `${wsUrl(serverOf(i))}/v5/stream`, headers: bearer(i) }),
    conversation: (g) => String(fixture.conversations[g]!),
    rest: (i) => ({ url: serverOf(i).url, headers: bearer(i) }),
  }
}
