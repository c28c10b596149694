/** The raw ceiling: a bare Fastify server with one route returning a constant JSON. */
import Fastify from 'fastify'
import { reportPort } from './parent-channel'

const app = Fastify({ logger: false })
const body = { id: '1', title: 'constant', ok: true }
app.get('/ceiling', async () => body)
await app.listen({ port: 0, host: '127.0.0.1' })
reportPort(app.server.address())
