import compress from '@fastify/compress'
import type { FastifyInstance } from 'fastify'

/**
 * Compresses answers over 1 KB — JSON, the API docs, any text — with brotli (quality 4: fast,
 * and still smaller than gzip) or gzip, whichever the client prefers. Registered before the
 * routes: it hooks each route as it is added. The web app's built files carry precompressed
 * twins (server/http/web-app.ts) and are sent as they are. Requests are not decompressed:
 * the API takes plain JSON.
 */
export async function installCompression(app: FastifyInstance): Promise<void> {
  await app.register(compress, {
    global: true,
    globalDecompression: false,
    encodings: ['br', 'gzip'],
    threshold: 1024,
  })
}
