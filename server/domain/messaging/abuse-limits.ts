import {
  createMemoryRateLimiter,
  enforce,
  type RateLimit,
  type RateLimiter,
} from '../../limits/rate-limiter'
import { DEFAULT_MESSAGING_LIMITS, type MessagingLimits } from './limits'
import type { ConversationRepository } from './repository'

const DAY = 86_400_000

export interface InviteLimits {
  /** invites one member may send per day */
  perMember: RateLimit
  /** invites one address may receive per day, from everyone */
  perAddress: RateLimit
}

export const DEFAULT_INVITE_LIMITS: InviteLimits = {
  perMember: { limit: 20, windowMs: DAY },
  perAddress: { limit: 5, windowMs: DAY },
}

export interface AbuseLimitsDeps {
  repo: Pick<ConversationRepository, 'userById'>
  limiter?: RateLimiter
  limits?: Partial<MessagingLimits>
  inviteLimits?: Partial<InviteLimits>
}

/** What one member may send, start and invite in a while (429 past it). */
export function createAbuseLimits(deps: AbuseLimitsDeps) {
  const limiter = deps.limiter ?? createMemoryRateLimiter()
  const limits: MessagingLimits = { ...DEFAULT_MESSAGING_LIMITS, ...deps.limits }
  const invites: InviteLimits = { ...DEFAULT_INVITE_LIMITS, ...deps.inviteLimits }

  return {
    /** One more message from `userId`. */
    messages: (userId: number) =>
      enforce(limiter, `msg:${userId}`, [limits.messagesBurst, limits.messagesHourly]),

    /** One more new conversation from `userId` (fewer while the account is young). */
    async conversations(userId: number) {
      const user = await deps.repo.userById(userId)
      const young = user && Date.now() - Date.parse(user.created_at) < limits.newAccountAgeMs
      await enforce(limiter, `conv:${userId}`, [
        young ? limits.conversationsDailyNewAccount : limits.conversationsDaily,
      ])
    },

    /** An invite from `senderId` to each of `emails` (member or not, retried or not). */
    async invites(senderId: number, emails: string[]) {
      await enforce(limiter, `invite:${senderId}`, [invites.perMember], emails.length)
      for (const email of emails) await enforce(limiter, `invite-to:${email}`, [invites.perAddress])
    },
  }
}

export type AbuseLimits = ReturnType<typeof createAbuseLimits>
