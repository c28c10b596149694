import { join } from 'node:path'
import type { Server } from '../measure'
import { startServer } from '../measure'
import { seed } from './seed'

export const GROUP_SIZE = 10

/** A server under measurement, and how its people reach it. */
export interface Side {
  name: string
  server: Server
  /** the URL and headers of person `i`'s socket */
  socket(i: number): { url: string; headers: Record<string, string> }
  /** the conversation of group `g`, as a wire id */
  conversation(g: number): string
}

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
    name: 'ceiling (bare ws + better-sqlite3)',
    server: ceiling,
    socket: (i) => ({ url: `${wsUrl(ceiling)}/?u=${i % clients}`, headers: {} }),
    conversation: (g) => String(g),
  }
}

/** The real server on a freshly seeded database, one Bearer token per person. */
export async function corkboardSide(
  name: string,
  env: NodeJS.ProcessEnv,
  clients: number,
  profile: string | undefined,
  servers: Server[],
): Promise<Side> {
  const fixture = await seed(env, clients, GROUP_SIZE)
  const server = await startServer('./servers/corkboard-server.ts', env, [
    '--expose-gc',
    ...(profile ? ['--cpu-prof', `--cpu-prof-dir=${profile}`] : []),
  ])
  servers.push(server)
  return {
    name,
    server,
    socket: (i) => ({
      url: `${wsUrl(server)}/v5/stream`,
      headers: { authorization: `Bearer ${fixture.tokens[i % clients]!}` },
    }),
    conversation: (g) => String(fixture.conversations[g]!),
  }
}
