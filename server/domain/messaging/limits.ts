import type { RateLimit } from '../../limits/rate-limiter'

/** The abuse controls of Messages, per user. */
export interface MessagingLimits {
  messagesBurst: RateLimit
  messagesHourly: RateLimit
  conversationsDaily: RateLimit
  /** new conversations per day for accounts younger than `newAccountAgeMs` */
  conversationsDailyNewAccount: RateLimit
  newAccountAgeMs: number
}

const SECOND = 1000
const HOUR = 3600 * SECOND
const DAY = 24 * HOUR

export const DEFAULT_MESSAGING_LIMITS: MessagingLimits = {
  messagesBurst: { limit: 20, windowMs: 10 * SECOND },
  messagesHourly: { limit: 600, windowMs: HOUR },
  conversationsDaily: { limit: 50, windowMs: DAY },
  conversationsDailyNewAccount: { limit: 10, windowMs: DAY },
  newAccountAgeMs: DAY,
}
