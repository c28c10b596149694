/**
 * Reactions, replies, edits and unsends as the web app reads them off a Message: the pure
 * rules (who may edit, what a toggle does, what an emoji is), shared by the rows, the
 * composer and the store.
 */
import type { Message } from '../../../protocol/messages'

export type Reaction = Message['reactions'][number]
export type ReplyTo = NonNullable<Message['reply_to']>

/** The default reactions offered first; any other emoji is typed in ("Other…"). */
export const QUICK_REACTIONS = ['👍', '❤️', '😂', '😮', '😢', '🙏'] as const

/** How long after it was sent a message may be edited (the server decides; this hides the item). */
export const EDIT_WINDOW_MS = 15 * 60_000

export const reactionsOf = (m: Message): Reaction[] => m.reactions ?? []
export const replyOf = (m: Message): ReplyTo | null => m.reply_to ?? null
export const editedAt = (m: Message): string | null => m.edited_at ?? null

/** Unsent by its sender or taken down by a moderator: no text, no attachment, no actions. */
export const isRemoved = (m: Message): boolean => m.removed === true

/** Whether `me` may still edit `m` (their own text message, within the window, not removed). */
export function canEdit(m: Message, me: string, now = Date.now()): boolean {
  return (
    m.sender.username === me &&
    !isRemoved(m) &&
    m.text !== null &&
    now - Date.parse(m.created_at) < EDIT_WINDOW_MS
  )
}

export const canUnsend = (m: Message, me: string): boolean =>
  m.sender.username === me && !isRemoved(m)

export const hasReacted = (m: Message, emoji: string, me: string): boolean =>
  reactionsOf(m).some((r) => r.emoji === emoji && r.usernames.includes(me))

/**
 * The message as it will be once `me` has toggled `emoji` on it (shown at once, before the
 * server answers): added at the end of its chip (or as a new chip), or taken away.
 */
export function withToggledReaction(m: Message, emoji: string, me: string): Message {
  const reactions = reactionsOf(m)
  const adding = !hasReacted(m, emoji, me)
  let next: Reaction[]
  if (adding) {
    const found = reactions.some((r) => r.emoji === emoji)
    next = found
      ? reactions.map((r) =>
          r.emoji === emoji ? { ...r, count: r.count + 1, usernames: [...r.usernames, me] } : r,
        )
      : [...reactions, { emoji, count: 1, usernames: [me] }]
  } else {
    next = reactions
      .map((r) =>
        r.emoji === emoji
          ? { ...r, count: r.count - 1, usernames: r.usernames.filter((u) => u !== me) }
          : r,
      )
      .filter((r) => r.count > 0)
  }
  return { ...m, reactions: next }
}

/**
 * Replies to `original` held in `messages` with their quote brought up to date (edited, or
 * removed: no text, no attachment); the same array when none quotes it.
 */
export function withQuotesOf(messages: Message[], original: Message): Message[] {
  let changed = false
  const next = messages.map((m) => {
    const quote = replyOf(m)
    if (!quote || quote.id !== original.id) return m
    const removed = isRemoved(original)
    const text = removed ? null : original.text
    const attachment = removed ? null : original.attachment
    if (quote.text === text && quote.attachment === attachment) return m
    changed = true
    return { ...m, reply_to: { ...quote, text, attachment } }
  })
  return changed ? next : messages
}

/** The first line of a text, shortened for a quote or a composer banner. */
export function firstLine(text: string, max = 80): string {
  const line = text.split('\n').find((l) => l.trim()) ?? ''
  const t = line.trim()
  return t.length > max ? `${t.slice(0, max - 1).trimEnd()}…` : t
}

const PICTOGRAPHIC = /\p{Extended_Pictographic}/u
const FLAG = /^\p{Regional_Indicator}{2}$/u
const KEYCAP = /^[0-9#*]\uFE0F?\u20E3$/u

/**
 * One emoji, as the server takes it: a single grapheme that is pictographic, a flag (two
 * regional indicators) or a keycap. Surrounding spaces are trimmed.
 */
export function asEmoji(input: string): string | null {
  const s = input.trim()
  if (!s) return null
  const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(s)]
  if (graphemes.length !== 1) return null
  if (PICTOGRAPHIC.test(s) || FLAG.test(s) || KEYCAP.test(s)) return s
  return null
}

/** "👍 2: ana, ben" — what a reaction chip says to a screen reader. */
export function reactionLabel(r: Reaction, nameOf: (username: string) => string = (u) => u) {
  return `${r.emoji} ${r.count}: ${r.usernames.map(nameOf).join(', ')}`
}

/** The quote a reply to `m` carries, built from the message as this tab holds it. */
export const replyTo = (m: Message): ReplyTo => ({
  id: m.id,
  seq: m.seq,
  sender: m.sender,
  text: m.text,
  attachment: m.attachment,
})
