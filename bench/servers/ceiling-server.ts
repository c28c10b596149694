/**
 * The raw ceiling: a bare Fastify server with one route returning a constant JSON. Given a
 * file, it also serves those bytes as they are (`/ceiling-page`): what a bare server does
 * with a response as large as a feed page, for comparison only.
 */
import { readFileSync } from 'node:fs'
import Fastify from 'fastify'
import { answerProbes, reportPort } from './parent-channel'

const app = Fastify({ logger: false })
const body = { id: '1', title: 'constant', ok: true }
app.get('/ceiling', async () => body)
const pageFile = process.argv[2]
if (pageFile) {
  const page = readFileSync(pageFile)
  app.get('/ceiling-page', (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(page),
  )
}
await app.listen({ port: 0, host: '127.0.0.1' })
reportPort(app.server.address())
answerProbes()
