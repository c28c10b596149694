import type { AnalyticsSink } from '../analytics/recorder'
import type { GraphService } from '../graph/service'
import { createInvitesService, type InviteDeps } from '../invites/service'
import type { PinsService } from '../pins/service'
import type { PeopleIndex } from '../search/people'
import type { Unit, Units } from '../unit'
import { createAbuseLimits, type InviteLimits } from './abuse-limits'
import type { Sender } from './access'
import { createContentCheck, type Content } from './content'
import { createConversations } from './conversations'
import { creditFor } from './credit'
import { createDejaVu } from './deja-vu'
import { createDelivery } from './delivery'
import { createMessageActions } from './message-actions'
import { createMessageEvents } from './message-events'
import { createMessageRepository } from './message-repository'
import { createMessages } from './messages'
import { openPair } from './openings'
import type { RateLimiter } from '../../limits/rate-limiter'
import type { MessagingLimits } from './limits'
import { createRenderer, plainMessage } from './render'
import { createConversationRepository } from './repository'
import { createSend } from './send'
import { createSharing } from './sharing'
import { createStreamBaselines } from './stream-baselines'
import { createTypeahead } from './typeahead'

export type { Sender } from './access'
export type { Content, SendInput } from './content'
export type { MessageRow } from './message-repository'
export type { Position } from './message-events'
export type { ShareInput } from './sharing'

export interface MessagingDeps {
  units: Units
  pins: Pick<PinsService, 'toPins'>
  graph: Pick<GraphService, 'toSummary'>
  publicUrl: string
  limiter?: RateLimiter
  /** people search (the typeahead's typo-tolerant half) */
  people?: PeopleIndex
  limits?: Partial<MessagingLimits>
  inviteLimits?: Partial<InviteLimits>
  /** counts pins sent, shown and invited with */
  analytics: AnalyticsSink
  /** sends in progress per process at most; beyond, 429 overloaded */
  sendQueueMax?: number
  /** perceptual hashes of images by media key (déjà vu; domain/media computes missing ones) */
  phashes?: (keys: string[]) => Promise<Map<string, string>>
  /** what accepting an invite needs beyond messaging */
  invites: Pick<InviteDeps, 'followEachOther' | 'prepareInviteMail'>
}

/**
 * Messages, assembled from parts that each get only what they use: conversations, messages
 * (sent in send.ts, read in messages.ts), sharing (to usernames and to addresses, with the
 * invites it makes) and the gateway's narrow view. Who may message whom is decided in
 * policy.ts; events go out through the unit of work, after commit.
 */
export function createMessagingService(deps: MessagingDeps) {
  const { units, pins, graph, publicUrl } = deps
  const db = units.db
  const repo = createConversationRepository(db)
  const messageRepo = createMessageRepository(db)
  const render = createRenderer({
    db,
    conversations: repo,
    messages: messageRepo,
    pins,
    graph,
    publicUrl,
  })
  const checkContent = createContentCheck(db)
  const { limiter, inviteLimits } = deps
  const limits = createAbuseLimits({ repo, limiter, limits: deps.limits, inviteLimits })
  const send = createSend({
    units,
    repo: messageRepo,
    conversations: repo,
    checkContent,
    limits,
    render,
    analytics: deps.analytics,
    sendQueueMax: deps.sendQueueMax,
  })
  // reactions, edits and unsends: stream positions of their own (message-events.ts)
  const messageEvents = createMessageEvents({ db, repo: messageRepo })
  const actions = createMessageActions({
    units,
    repo: messageRepo,
    events: messageEvents,
    render,
  })
  const conversations = createConversations({
    units,
    repo,
    unread: messageRepo,
    render,
    limits,
  })
  const messages = createMessages({
    db,
    repo: messageRepo,
    conversations: repo,
    render,
    pins,
    analytics: deps.analytics,
  })
  const alreadyShared = createDejaVu({
    db,
    conversations: repo,
    phashes: deps.phashes ?? (() => Promise.resolve(new Map())),
  })
  const delivery = createDelivery({
    units,
    repo,
    messages: messageRepo,
    append: send.append,
    limits,
  })
  const invites = createInvitesService({
    db,
    units,
    deliver: delivery.invite,
    publicUrl,
    analytics: deps.analytics,
    ...deps.invites,
  })
  const sharing = createSharing({
    db,
    repo,
    checkContent,
    delivery,
    limits,
    invites,
    conversationFor: conversations.conversationFor,
  })

  return {
    conversations,
    messages: { ...messages, sendMessage: send.sendMessage, alreadyShared, ...actions },
    typeahead: createTypeahead({ db, repo, graph, people: deps.people }),
    sharing,
    invites,
    /**
     * What a brand's thank-you run uses (domain/brands): the usual content check, and one
     * message into the 1:1 with a person — found, or opened — inside the run's own unit, under
     * every rule of a send (membership, policy, blocks, seq, events), naming the promotion.
     */
    thankYou: {
      checkContent,
      async sendInPair(
        unit: Unit,
        sender: Sender,
        recipientId: number,
        clientId: string,
        content: Content,
        promotionId: number,
      ) {
        const pair = await openPair(unit, repo, sender.id, recipientId)
        return send.append(unit, sender, pair.id, clientId, content, promotionId)
      },
    },
    /** A message into a conversation under every rule of a send, in the caller's unit ("Make it a board"). */
    append: send.append,
    /** PostgreSQL's group commit (for the bench): sends waiting, calls in flight, calls so far */
    batchStats: send.batchStats,
    /** What the WebSocket gateway uses: reads to resume and fan out, and a socket's two actions. */
    stream: {
      conversationFor: conversations.conversationFor,
      /** The user's current conversations with their read state (a resume's snapshot). */
      membershipsOf: (userId: number) => repo.memberships(userId),
      messageById: messageRepo.messageById,
      messagesAfter: messages.messagesAfter,
      positionsAfter: messageEvents.positionsAfter,
      renderMessages: render.renderMessages,
      plainMessage,
      /** a sender's credit for one of their pin messages (the `message.saved` hint) */
      creditFor: (viewerId: number, messageId: number) => creditFor(db, viewerId, messageId),
      sendMessage: send.sendMessage,
      typing: conversations.typing,
      trackSeen: send.trackSeen,
      baselines: createStreamBaselines(db),
    },
  }
}

export type MessagingService = ReturnType<typeof createMessagingService>
