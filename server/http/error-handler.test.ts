import Fastify from 'fastify'
import { describe, expect, it } from 'vitest'
import { ConflictError, RateLimitedError } from '../errors'
import { installErrorHandler } from './error-handler'

describe('error handler', () => {
  const app = Fastify({ logger: false })
  installErrorHandler(app)
  app.get('/boom', async () => {
    throw new Error('password=hunter2 at /srv/secret.ts:12')
  })
  app.get('/conflict', async () => {
    throw new ConflictError('That username is taken.', 'username_taken')
  })
  app.get('/limited', async () => {
    throw new RateLimitedError(7)
  })

  it('answers a 5xx without internals', async () => {
    const res = await app.inject('/boom')
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ code: 500, message: 'Something went wrong on our side.' })
    expect(res.body).not.toContain('hunter2')
  })

  it('maps typed errors to their status, message and stable reason', async () => {
    const res = await app.inject('/conflict')
    expect(res.statusCode).toBe(409)
    expect(res.json()).toEqual({
      code: 409,
      message: 'That username is taken.',
      reason: 'username_taken',
    })
    const limited = await app.inject('/limited')
    expect(limited.statusCode).toBe(429)
    expect(limited.headers['retry-after']).toBe('7')
  })
})
