/** The real Corkboard server, configured from the environment the bench gives it. */
import { buildApp } from '../../server/app'
import { loadConfig } from '../../server/config'
import { createContext } from '../../server/context'

const config = loadConfig()
const ctx = await createContext(config)
const app = await buildApp(ctx)
await app.listen({ port: 0, host: '127.0.0.1' })
const address = app.server.address()
process.send?.({ port: typeof address === 'object' && address ? address.port : 0 })
process.on('SIGTERM', () => {
  void app
    .close()
    .then(() => ctx.close())
    .then(() => process.exit(0))
})
// The messages bench asks for memory after a GC (the child runs with --expose-gc there).
process.on('message', (msg) => {
  if (msg === 'cpu') return process.send?.({ cpu: process.cpuUsage() })
  if (msg !== 'memory') return
  const gc = (globalThis as { gc?: () => void }).gc
  gc?.()
  setTimeout(() => {
    gc?.()
    process.send?.({ memory: process.memoryUsage() })
  }, 200)
})
