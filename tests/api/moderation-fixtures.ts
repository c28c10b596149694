import type { LightMyRequestResponse } from 'fastify'
import type { TestApp } from '../support/test-app'
import type { TestUser } from '../support/users'

/** Fixtures for the moderation suites (reports, actions, notices). */

/** Gives `user` a role (or none) straight in the database, as `npm run admin -- grant` would. */
export async function setRole(t: TestApp, user: TestUser, role: 'admin' | 'moderator' | null) {
  await t.ctx.db.updateTable('users').set({ role }).where('id', '=', Number(user.id)).execute()
}

/** Nobody holds a role: the first account of a test app is its admin otherwise. */
export async function clearRoles(t: TestApp) {
  await t.ctx.db.updateTable('users').set({ role: null }).execute()
}

export function report(
  u: TestUser,
  type: 'pin' | 'board' | 'user' | 'message',
  id: string,
  reason = 'spam',
  note?: string,
): Promise<LightMyRequestResponse> {
  return u.call({
    method: 'POST',
    url: '/v5/reports',
    payload: { target: { type, id }, reason, ...(note !== undefined ? { note } : {}) },
  })
}

/** A report that must be made; answers its id. */
export async function reported(
  u: TestUser,
  type: 'pin' | 'board' | 'user' | 'message',
  id: string,
  reason = 'spam',
  note?: string,
): Promise<string> {
  const res = await report(u, type, id, reason, note)
  if (res.statusCode !== 201) throw new Error(`report failed: ${res.statusCode} ${res.body}`)
  return res.json().id as string
}

export function act(
  u: TestUser,
  reportId: string,
  action: 'dismiss' | 'remove' | 'warn' | 'suspend',
  note?: string,
): Promise<LightMyRequestResponse> {
  return u.call({
    method: 'POST',
    url: `/v5/admin/reports/${reportId}/actions`,
    payload: { action, ...(note !== undefined ? { note } : {}) },
  })
}

export async function queue(u: TestUser, status: 'open' | 'closed' = 'open', pageSize = 100) {
  const res = await u.call({
    method: 'GET',
    url: `/v5/admin/reports?status=${status}&page_size=${pageSize}`,
  })
  if (res.statusCode !== 200) throw new Error(`queue: ${res.statusCode} ${res.body}`)
  return res.json().items as Array<Record<string, any>> // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function notices(u: TestUser) {
  const res = await u.call({ method: 'GET', url: '/v5/user_account/notices?page_size=100' })
  if (res.statusCode !== 200) throw new Error(`notices: ${res.statusCode} ${res.body}`)
  return res.json() as { items: Array<Record<string, any>>; unread: number } // eslint-disable-line @typescript-eslint/no-explicit-any
}

export async function audit(u: TestUser) {
  const res = await u.call({ method: 'GET', url: '/v5/admin/audit?page_size=100' })
  if (res.statusCode !== 200) throw new Error(`audit: ${res.statusCode} ${res.body}`)
  return res.json().items as Array<Record<string, any>> // eslint-disable-line @typescript-eslint/no-explicit-any
}
