import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createContext } from '../../server/context'
import { answerProbes, reportPort } from './parent-channel'

/**
 * Starts the real Corkboard server from the environment the bench gives it, on a free port
 * reported to the parent, closed cleanly on SIGTERM; its context for a bench-only hook.
 */
export async function serveCorkboard() {
  const config = loadConfig()
  const ctx = await createContext(config)
  const app = await buildApp(ctx)
  await app.listen({ port: 0, host: '127.0.0.1' })
  reportPort(app.server.address())
  process.on('SIGTERM', () => {
    void app
      .close()
      .then(() => ctx.close())
      .then(() => process.exit(0))
  })
  answerProbes(() => {
    const { held, gaveUp, backfillReads } = ctx.gateway.stats()
    const { calls, called } = ctx.services.messaging.batchStats()
    return { held, gaveUp, backfillReads, calls, called }
  })
  return { config, ctx }
}
