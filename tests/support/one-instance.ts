import type { TestDialect } from './dialects'
import { freePort } from './ports'
import { ServerProcess } from './server-process'
import { createSuiteStorage, type SuiteStorage } from './suite-storage'

/** One server process on storage of its own, for the suites that kill or restart it. */
export interface OneInstance {
  server: ServerProcess
  storage: SuiteStorage
  /** Kills the server and removes its storage. */
  stop(): Promise<void>
}

/** Starts a server on fresh storage (`name` prefixes the schema and data dir); `env` adds to it. */
export async function startOneInstance(
  dialect: TestDialect,
  name: string,
  env: Record<string, string> = {},
): Promise<OneInstance> {
  const storage = await createSuiteStorage(dialect, name)
  const server = new ServerProcess(await freePort(), { ...storage.env, ...env })
  const stop = async () => {
    await server.kill()
    await storage.remove()
  }
  try {
    await server.start()
  } catch (err) {
    await stop()
    throw err
  }
  return { server, storage, stop }
}
