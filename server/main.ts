import { buildApp } from './app'
import { ConfigError, loadConfig } from './config'
import { createContext, createLogger } from './context'
import { seedDemoIfEmpty } from './demo/seed-demo'

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
    const force = setTimeout(() => process.exit(1), 10_000)
    force.unref()
    await app.close()
    await ctx.close()
    process.exit(0)
  }
  process.on('SIGTERM', () => void shutdown('SIGTERM'))
  process.on('SIGINT', () => void shutdown('SIGINT'))

  await app.listen({ port: config.port, host: config.host })
  log.info(`Corkboard is serving ${config.publicUrl}`)
}

void main()
