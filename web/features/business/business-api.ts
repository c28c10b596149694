import type {
  MessageRefusalReason,
  Participant,
  Promotion,
  PromotionCounts,
  PromotionInput,
  SkipReason,
  ThankYouInput,
  ThankYouRun,
} from '../../../protocol/brands'
import { ApiError, api, withQuery } from '../../lib/api'

export const businessPath = '/business'
export const promotionPath = (id: string) => `/business/promotions/${id}`

export function createPromotion(input: PromotionInput): Promise<Promotion> {
  return api<Promotion>('/v5/promotions', { method: 'POST', body: input })
}

export function startThankYou(promotionId: string, input: ThankYouInput): Promise<ThankYouRun> {
  return api<ThankYouRun>(`/v5/promotions/${promotionId}/thank_you`, {
    method: 'POST',
    body: input,
  })
}

/** The promotion's latest run, or null when it never had one. */
export async function latestRun(promotionId: string): Promise<ThankYouRun | null> {
  try {
    return (await api<ThankYouRun | null>(`/v5/promotions/${promotionId}/thank_you`)) ?? null
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return null
    throw err
  }
}

export function setRunPaused(run: ThankYouRun, paused: boolean): Promise<ThankYouRun> {
  return api<ThankYouRun>(
    `/v5/promotions/${run.promotion_id}/thank_you/${run.id}/${paused ? 'pause' : 'resume'}`,
    { method: 'POST' },
  )
}

export function followBack(username: string): Promise<unknown> {
  return api(`/v5/user_account/following/${encodeURIComponent(username)}`, { method: 'POST' })
}

/** The analytics report's address (JSON, or the CSV download). */
export function analyticsUrl(
  range: { start: string; end: string },
  pinId: string | null,
  format?: 'csv',
): string {
  return withQuery('/v5/brand/analytics', {
    start_date: range.start,
    end_date: range.end,
    pin_id: pinId,
    format,
  })
}

export const COUNTS_TEXT: Record<PromotionCounts, string> = {
  save: 'Saving the pin',
  send: 'Sending the pin in a message',
  either: 'Saving or sending the pin',
}

/** A UTC date (YYYY-MM-DD) `days` before today (0: today). */
export function daysAgo(days: number, now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - days))
  return d.toISOString().slice(0, 10)
}

/** "3 Mar" (and the year when it is not this one), for a time or a YYYY-MM-DD date. */
export function shortDate(iso: string, now = new Date()): string {
  const d = new Date(iso.length === 10 ? `${iso}T00:00:00Z` : iso)
  const sameYear = d.getUTCFullYear() === now.getUTCFullYear()
  return d.toLocaleDateString('en-GB', {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    timeZone: iso.length === 10 ? 'UTC' : undefined,
  })
}

/** "3 Mar – 2 Apr" */
export function dateSpan(start: string, end: string): string {
  return start === end ? shortDate(start) : `${shortDate(start)} – ${shortDate(end)}`
}

export const REFUSAL_TEXT: Record<MessageRefusalReason, string> = {
  not_mutual: 'Not following each other',
  blocked: 'Blocked',
  policy_nobody: 'Doesn’t accept messages',
}

/** A participant's eligibility, in words (what the list's status column says). */
export function eligibilityText(p: Participant): string {
  if (p.thanked_at) return `Thanked ${shortDate(p.thanked_at)}`
  if (p.can_message) return 'Can be messaged'
  if (p.reason === 'not_mutual' && p.follows_brand) return 'Follows you — follow back to message'
  return p.reason ? REFUSAL_TEXT[p.reason] : 'Cannot be messaged'
}

export const SKIP_TEXT: Record<SkipReason, string> = {
  not_mutual: 'not following each other',
  blocked: 'blocked',
  policy_nobody: 'don’t accept messages',
  already_thanked: 'already thanked',
}

/** `{name}` and `{username}` filled in, as the server does for each participant. */
export function fillTemplate(
  template: string,
  user: { username: string; business_name: string | null },
): string {
  return template
    .replaceAll('{name}', user.business_name || user.username)
    .replaceAll('{username}', user.username)
}
