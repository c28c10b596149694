import { describe } from 'vitest'
import { DIALECTS } from './dialects'
import { freePort } from './ports'
import { REDIS_AVAILABLE, startPrivateRedis, type PrivateRedis } from './redis'
import { ServerProcess } from './server-process'
import { createSuiteStorage, type SuiteStorage } from './suite-storage'

/** Whether two instances can run here: PostgreSQL among the dialects and a redis-server. */
export const TWO_INSTANCES_AVAILABLE = DIALECTS.includes('postgres') && REDIS_AVAILABLE

/** `describe` for a suite of two instances, skipped where they cannot run. */
export const describeTwoInstances = describe.skipIf(!TWO_INSTANCES_AVAILABLE)

/** Two server processes, A and B, on one PostgreSQL schema and a private Redis. */
export interface TwoInstances {
  a: ServerProcess
  b: ServerProcess
  redis: PrivateRedis
  storage: SuiteStorage
  /** the environment both run with, for a further instance on the same storage and Redis */
  env: Record<string, string>
  /** Kills both, stops the Redis and removes the storage (further instances are the caller's). */
  stop(): Promise<void>
}

/** Starts A (which runs the migrations), then B; `name` prefixes the schema and data dir. */
export async function startTwoInstances(name: string): Promise<TwoInstances> {
  const redis = await startPrivateRedis()
  let storage: SuiteStorage | undefined
  let a: ServerProcess | undefined
  let b: ServerProcess | undefined
  const stop = async () => {
    await a?.kill()
    await b?.kill()
    await redis.stop()
    await storage?.remove()
  }
  try {
    storage = await createSuiteStorage('postgres', name)
    const env = { ...storage.env, REDIS_URL: redis.url }
    a = new ServerProcess(await freePort(), env)
    b = new ServerProcess(await freePort(), env)
    await a.start() // migrations run here, before B starts
    await b.start()
    return { a, b, redis, storage, env, stop }
  } catch (err) {
    await stop()
    throw err
  }
}
