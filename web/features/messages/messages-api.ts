import type { Page, Pin, UserSummary } from '../../../protocol/api'
import type {
  AttachmentRef,
  Conversation,
  Message,
  ShareResult,
  UnreadCount,
} from '../../../protocol/messages'
import { api, type ApiErrorReason } from '../../lib/api'

export const conversationPath = (id: string) => `/messages/${id}`

export function listConversations(bookmark?: string | null): Promise<Page<Conversation>> {
  return api<Page<Conversation>>('/v5/conversations', { query: { page_size: 50, bookmark } })
}

export function getConversation(id: string): Promise<Conversation> {
  return api<Conversation>(`/v5/conversations/${id}`)
}

export function createConversation(participants: string[], title?: string) {
  return api<Conversation>('/v5/conversations', {
    method: 'POST',
    body: title ? { participants, title } : { participants },
  })
}

export function updateConversation(id: string, body: { title?: string | null; muted?: boolean }) {
  return api<Conversation>(`/v5/conversations/${id}`, { method: 'PATCH', body })
}

export function listMessages(id: string, bookmark?: string | null): Promise<Page<Message>> {
  return api<Page<Message>>(`/v5/conversations/${id}/messages`, {
    query: { page_size: 40, bookmark },
  })
}

/** Adds `emoji` to a message (idempotent): the message as it is now. */
export function addReaction(messageId: string, emoji: string): Promise<Message> {
  return api<Message>(`/v5/messages/${messageId}/reactions`, { method: 'POST', body: { emoji } })
}

/** Takes `emoji` off a message (idempotent): the message as it is now. */
export function removeReaction(messageId: string, emoji: string): Promise<Message> {
  return api<Message>(`/v5/messages/${messageId}/reactions/${encodeURIComponent(emoji)}`, {
    method: 'DELETE',
  })
}

/** New text for one's own message, within 15 minutes of sending it. */
export function editMessage(messageId: string, text: string): Promise<Message> {
  return api<Message>(`/v5/messages/${messageId}`, { method: 'PATCH', body: { text } })
}

/** Unsends one's own message: removed for everyone, "Message removed" left in its place. */
export function unsendMessage(messageId: string): Promise<Message> {
  return api<Message>(`/v5/messages/${messageId}`, { method: 'DELETE' })
}

export function markRead(id: string, seq: number): Promise<unknown> {
  return api(`/v5/conversations/${id}/read`, { method: 'POST', body: { seq } })
}

export function unreadCount(): Promise<UnreadCount> {
  return api<UnreadCount>('/v5/conversations/unread_count')
}

export function addParticipants(id: string, usernames: string[]) {
  return api<Conversation>(`/v5/conversations/${id}/participants`, {
    method: 'POST',
    body: { usernames },
  })
}

export function leaveConversation(id: string): Promise<void> {
  return api<void>(`/v5/conversations/${id}/participants/me`, { method: 'DELETE' })
}

export function conversationPins(id: string, bookmark?: string | null): Promise<Page<Pin>> {
  return api<Page<Pin>>(`/v5/conversations/${id}/pins`, { query: { page_size: 50, bookmark } })
}

export function typeahead(query: string, signal?: AbortSignal): Promise<Page<UserSummary>> {
  // in the path, not in `query`: an empty query (the picker's first list) must still be sent
  return api<Page<UserSummary>>(`/v5/search/typeahead?query=${encodeURIComponent(query)}`, {
    query: { page_size: 10 },
    signal,
  })
}

/** A person by username, or an address: a member's gets it like a username, any other an invite. */
export type ShareRecipient = { username: string } | { email: string }

export interface ShareInput {
  recipients: ShareRecipient[]
  attachment: AttachmentRef
  text?: string
  as_group?: boolean
  client_message_id: string
  from_message_id?: string
}

export function share(input: ShareInput): Promise<ShareResult> {
  return api<ShareResult>('/v5/share', { method: 'POST', body: input })
}

/** A refusal reason, as a sentence about one person. */
export function refusalText(reason: ApiErrorReason | undefined): string {
  switch (reason) {
    case 'not_mutual':
      return 'only people who follow each other can message'
    case 'not_followed':
      return 'they only take messages from people they follow'
    case 'policy_nobody':
      return 'they do not take messages'
    case 'blocked':
      return 'you cannot message them'
    default:
      return 'could not be sent'
  }
}

/** What a person is called on screen. */
export function displayName(user: Pick<UserSummary, 'username' | 'business_name'>): string {
  return user.business_name || user.username
}

/** A conversation's name: the group title, or the other people's names. */
export function conversationTitle(conversation: Conversation, me: string): string {
  if (conversation.title) return conversation.title
  const others = conversation.participants.filter((p) => p.username !== me)
  if (others.length === 0) return 'Just you'
  return others.map(displayName).join(', ')
}

/** "Sent a Pin" and friends: the inbox preview of a message. */
export function previewOf(message: Message | null): string {
  if (!message) return 'No messages yet'
  if ((message as { removed?: boolean }).removed) return 'Message removed'
  if (message.text) return message.text
  switch (message.attachment?.type) {
    case 'pin':
      return 'Sent a Pin'
    case 'board':
      return 'Sent a board'
    case 'user':
      return 'Sent a profile'
    default:
      return ''
  }
}

/** "now", "5m", "3h", "2d", then a date. */
export function relativeTime(iso: string, now = Date.now()): string {
  const t = Date.parse(iso)
  const s = Math.max(0, Math.round((now - t) / 1000))
  if (s < 60) return 'now'
  const m = Math.round(s / 60)
  if (m < 60) return `${m}m`
  const h = Math.round(m / 60)
  if (h < 24) return `${h}h`
  const d = Math.round(h / 24)
  if (d < 7) return `${d}d`
  return new Date(t).toLocaleDateString(undefined, { month: 'short', day: 'numeric' })
}

export function activityOf(conversation: Conversation): string {
  return conversation.last_message?.created_at ?? conversation.created_at
}
