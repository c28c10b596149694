import { join, sep } from 'node:path'
import fastifyStatic from '@fastify/static'
import type { FastifyInstance, FastifyReply } from 'fastify'

/** Vite names every file under assets/ by the hash of its content: it never changes. */
const IMMUTABLE = 'public, max-age=31536000, immutable'
/** Everything else (index.html, favicon) is checked with the server on every use (304s). */
const REVALIDATE = 'no-cache'

/**
 * The web app's built files: hashed assets cached for a year as immutable, the rest
 * revalidated; each sent as its brotli or gzip twin written at build time when the browser
 * accepts one (no compression work per request). Unknown files fall through to the
 * not-found handler, which serves the app shell for client-side routes.
 */
export async function installWebApp(app: FastifyInstance, webDir: string): Promise<void> {
  const assets = join(webDir, 'assets') + sep
  await app.register(fastifyStatic, {
    root: webDir,
    index: false,
    wildcard: true,
    preCompressed: true,
    // the build's stamp (dist/web/.build-stamp) is nobody's business
    dotfiles: 'ignore',
    setHeaders: (reply: FastifyReply, path: string) => {
      reply.header('cache-control', path.startsWith(assets) ? IMMUTABLE : REVALIDATE)
    },
  })
  app.get('/', { schema: { hide: true } }, (_req, reply) => reply.sendFile('index.html'))
}
