import type { FastifyInstance } from 'fastify'
import type { AppContext } from '../../context'

// Placeholder: GET /media/:key/:size.jpg, access-checked, is being built (see issue 2).
export function registerMediaRoute(_app: FastifyInstance, _ctx: AppContext) {}
