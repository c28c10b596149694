import type { Static } from 'typebox'
import { LIMITS } from '../../../protocol/limits'
import type { ThankYouRun as ThankYouRunSchema } from '../../../protocol/schemas/brands'
import { BadRequestError } from '../../errors'
import type { RunRow } from './run-repository'

export type ThankYouRun = Static<typeof ThankYouRunSchema>

/** A run's progress on the wire: what was sent, skipped (by reason) and is left. */
export function toThankYouRun(row: RunRow): ThankYouRun {
  const skipped = {
    not_mutual: row.skipped_not_mutual,
    blocked: row.skipped_blocked,
    policy_nobody: row.skipped_policy_nobody,
    already_thanked: row.skipped_already_thanked,
  }
  const handled =
    row.sent +
    skipped.not_mutual +
    skipped.blocked +
    skipped.policy_nobody +
    skipped.already_thanked
  return {
    id: String(row.id),
    promotion_id: String(row.promotion_id),
    status: row.status,
    sent: row.sent,
    skipped,
    // a participant whose account was deleted meanwhile is no longer counted anywhere
    remaining: row.status === 'done' ? 0 : Math.max(0, row.total - handled),
    total: row.total,
    template: row.template,
    created_at: row.created_at,
    finished_at: row.finished_at,
  }
}

/** A template's length once trimmed: 1–1,000 characters. */
export const TEMPLATE_MAX = 1000

const PLACEHOLDER = /\{(name|username)\}/g

/**
 * The message a participant gets: `{name}` is their business name or else their username,
 * `{username}` their username. One pass, so a name holding a placeholder stays as written.
 */
export function fillTemplate(
  template: string,
  who: { username: string; business_name: string | null },
): string {
  const name = who.business_name?.trim() || who.username
  return template
    .replace(PLACEHOLDER, (_, key: string) => (key === 'name' ? name : who.username))
    .trim()
}

/**
 * Checks a template (1–1,000 characters once trimmed); answers it trimmed with the longest
 * text it can become (every placeholder filled with the longest name allowed), which the
 * caller puts through the usual message checks.
 */
export function checkTemplate(raw: string): { template: string; longest: string } {
  const template = raw.trim()
  if (template.length === 0 || template.length > TEMPLATE_MAX) {
    throw new BadRequestError(`template must be 1–${TEMPLATE_MAX} characters.`)
  }
  const longest = template.replace(PLACEHOLDER, (_, key: string) =>
    'x'.repeat(key === 'name' ? LIMITS.account.businessName : LIMITS.account.username),
  )
  if (longest.length > LIMITS.message.text) {
    throw new BadRequestError(
      `template is too long: with the names filled in, a message could pass ${LIMITS.message.text} characters.`,
    )
  }
  return { template, longest }
}
