import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import { createContext } from './context'
import { createLogger } from './logger'
import { demoBanner, seedDemoIfEmpty } from './demo/seed-demo'

/** SIGTERM ends the process within this, whatever the clients do; past it, it exits with 1. */
const SHUTDOWN_DEADLINE_MS = 5000
/** Requests still running this long after SIGTERM lose their connection. */
const REQUEST_DRAIN_MS = 2500

async function main() {
  let config
  try {
    config = loadConfig()
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`Configuration error: ${err.message}`)
      process.exit(78)
    }
    throw err
  }
  const log = createLogger(config)
  const ctx = await createContext(config, { log })
  if (config.demo) await seedDemoIfEmpty(ctx)
  const app = await buildApp(ctx)

  let closing = false
  const shutdown = async (signal: string) => {
    if (closing) return
    closing = true
    log.info({ signal }, 'shutting down')
    const force = setTimeout(() => {
      log.error('shutdown overran its deadline; exiting anyway')
      process.exit(1)
    }, SHUTDOWN_DEADLINE_MS)
    force.unref()
    const server = app.server
    // Stop accepting now; resolves once every connection has ended.
    const ended = new Promise<void>((resolve) => server.close(() => resolve()))
    // A keep-alive connection goes as soon as its request is answered; none outlives the drain.
    const reap = setInterval(() => server.closeIdleConnections(), 100)
    const drain = setTimeout(() => server.closeAllConnections(), REQUEST_DRAIN_MS)
    try {
      // Sockets first, with 1001 (going away): the websocket plugin's own close gives no code.
      await ctx.gateway.close()
      await app.close()
      await ended
    } catch (err) {
      log.error({ err }, 'closing the server failed')
    } finally {
      clearInterval(reap)
      clearTimeout(drain)
    }
    await ctx.close()
    log.info('shut down cleanly')
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
  log.info(`Corkboard is serving ${config.publicUrl}`)
  // the demo logins with this installation's own password, on every start while they work
  const banner = config.demo ? await demoBanner(ctx) : null
  if (banner) console.log(banner)
}

void main()
