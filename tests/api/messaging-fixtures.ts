import type { LightMyRequestResponse } from 'fastify'
import type { Message } from '../../protocol/messages'
import type { MessagingLimits } from '../../server/domain/messaging/limits'
import type { BusEvent } from '../../server/domain/events'
import type { TestDialect } from '../support/dialects'
import { createTestApp, type TestApp } from '../support/test-app'
import { signUp, type TestUser } from '../support/users'
import { follow } from './pin-fixtures'

/** Fixtures for the messaging suites. Follows and blocks go straight into the database. */

const high = { limit: 1_000_000, windowMs: 60_000 }
export const HIGH_LIMITS: MessagingLimits = {
  messagesBurst: high,
  messagesHourly: high,
  conversationsDaily: high,
  conversationsDailyNewAccount: high,
  newAccountAgeMs: 0,
}

/** An app whose messaging limits stay out of the way unless a test sets them. */
export const messagingApp = (dialect: TestDialect, limits: Partial<MessagingLimits> = {}) =>
  createTestApp(
    dialect,
    {},
    { overrides: { messaging: { limits: { ...HIGH_LIMITS, ...limits } } } },
  )

export async function mutual(t: TestApp, a: TestUser, ...others: TestUser[]) {
  for (const b of others) {
    await follow(t, a, b)
    await follow(t, b, a)
  }
}

/** Makes each of `people` follow every other one. */
export async function mutualAmong(t: TestApp, people: TestUser[]) {
  for (const [i, u] of people.entries()) await mutual(t, u, ...people.slice(i + 1))
}

let clientIds = 0
export const clientId = () => `c${++clientIds}-${Math.random().toString(36).slice(2, 8)}`

export async function createConversation(
  u: TestUser,
  participants: string[],
  title?: string,
): Promise<LightMyRequestResponse> {
  return u.call({
    method: 'POST',
    url: '/v5/conversations',
    payload: { participants, ...(title ? { title } : {}) },
  })
}

/** Creates a conversation that must succeed; answers its id. */
export async function conversationOf(u: TestUser, ...others: TestUser[]): Promise<string> {
  const res = await createConversation(
    u,
    others.map((o) => o.username),
  )
  if (res.statusCode !== 201 && res.statusCode !== 200) {
    throw new Error(`create conversation failed: ${res.statusCode} ${res.body}`)
  }
  return res.json().id as string
}

export function send(
  u: TestUser,
  conversationId: string,
  body: Record<string, unknown> = {},
): Promise<LightMyRequestResponse> {
  return u.call({
    method: 'POST',
    url: `/v5/conversations/${conversationId}/messages`,
    payload: { client_message_id: clientId(), text: 'hello', ...body },
  })
}

export async function sent(u: TestUser, conversationId: string, text = 'hello'): Promise<Message> {
  const res = await send(u, conversationId, { text })
  if (res.statusCode !== 201) throw new Error(`send failed: ${res.statusCode} ${res.body}`)
  return res.json() as Message
}

/** Every message the user sees in the conversation, walking pages of `pageSize`, newest first. */
export async function allMessages(u: TestUser, conversationId: string, pageSize = 5) {
  const out: Message[] = []
  let bookmark: string | null = null
  let pages = 0
  do {
    const url: string = `/v5/conversations/${conversationId}/messages?page_size=${pageSize}${bookmark ? `&bookmark=${bookmark}` : ''}`
    const res = await u.call({ method: 'GET', url })
    if (res.statusCode !== 200) throw new Error(`list failed: ${res.statusCode} ${res.body}`)
    const body = res.json() as { items: Message[]; bookmark: string | null }
    out.push(...body.items)
    bookmark = body.bookmark
    if (++pages > 200) throw new Error('too many pages')
  } while (bookmark)
  return out
}

/** Collects bus events from now on. */
export function recordEvents(t: TestApp) {
  const events: BusEvent[] = []
  // cache invalidations (a pin created, a feed changed) are not Messages' events
  const stop = t.ctx.bus.subscribe((e) => {
    if (e.type !== 'cache.stale') events.push(e)
  })
  return { events, stop }
}

/** Ana and Bo, new people who follow each other, in a conversation Ana started. */
export async function friendsInConversation(t: TestApp) {
  const ana = await signUp(t)
  const bo = await signUp(t)
  await mutual(t, ana, bo)
  return { ana, bo, conversation: await conversationOf(ana, bo) }
}
