import type { Page } from '../../../protocol/api'
import type { MessagingCandidate } from '../../../protocol/messages'
import { api } from '../../lib/api'

/**
 * People named like `query` for the people picker: those you may message and those you may not
 * yet (`can_message: false`, with the reason). Blocked people never come back.
 */
export function messagingCandidates(
  query: string,
  signal?: AbortSignal,
): Promise<Page<MessagingCandidate>> {
  // in the path, not in `query`: an empty query (the picker's first list) must still be sent
  return api<Page<MessagingCandidate>>(`/v5/search/typeahead?query=${encodeURIComponent(query)}`, {
    query: { page_size: 10, include_unavailable: true },
    signal,
  })
}

/** One person's entry, asked afresh (after a follow): null when they are not listed. */
export async function messagingCandidate(username: string): Promise<MessagingCandidate | null> {
  const page = await messagingCandidates(username)
  return page.items.find((c) => c.username === username) ?? null
}

type Relation = Pick<MessagingCandidate, 'reason' | 'follows_you' | 'is_following'>

/** Why you cannot message someone yet, and what to do about it, as a short line. */
export function reasonText(person: Relation): string {
  switch (person.reason) {
    case 'policy_nobody':
      return 'Doesn’t accept messages'
    case 'not_followed':
      return 'Only takes messages from people they follow'
    case 'not_mutual':
      if (person.follows_you && !person.is_following) return 'Follows you — follow back to message'
      if (person.is_following && !person.follows_you) return 'Doesn’t follow you back yet'
      return 'Follow each other to message'
    default:
      return 'You can message them'
  }
}

/**
 * Whether following them is a step toward messaging them: under the mutual rule, when you do
 * not follow them yet. (Under `following` only their follow counts; under `nobody`, nothing.)
 */
export function followHelps(person: Relation): boolean {
  return person.reason === 'not_mutual' && !person.is_following
}

/** The Follow button's words: "Follow back" to someone who follows you. */
export const followLabel = (person: Relation) => (person.follows_you ? 'Follow back' : 'Follow')

export function followPerson(username: string): Promise<unknown> {
  return api(`/v5/user_account/following/${encodeURIComponent(username)}`, { method: 'POST' })
}
