import { useEffect, useState, useSyncExternalStore } from 'react'
import { Link } from 'react-router-dom'
import type { UserSummary } from '../../../protocol/api'
import type { AlreadyShared, AttachmentRef, Conversation } from '../../../protocol/messages'
import { shortDate } from '../business/business-api'
import { alreadyShared } from './deja-vu-notice'
import { useOptionalMessagesStore } from './messages-context'
import { conversationPath, conversationTitle } from './messages-api'
import './credit.css'

const noopSubscribe = () => () => undefined
const NO_CONVERSATIONS: Conversation[] = []

/** The conversations a share will go into that the tab already knows (its inbox). */
function targets(
  conversations: Conversation[],
  people: UserSummary[],
  asGroup: boolean,
  me: string,
): Conversation[] {
  const others = (c: Conversation) =>
    c.participants
      .map((p) => p.username)
      .filter((u) => u !== me)
      .sort()
      .join(' ')
  const find = (usernames: string[], group: boolean) => {
    const key = [...usernames].sort().join(' ')
    return conversations.find((c) => c.is_group === group && others(c) === key)
  }
  const names = people.map((p) => p.username)
  const found =
    names.length > 1 && !asGroup
      ? names.map((n) => find([n], false))
      : [find(names, names.length > 1)]
  return found.filter((c): c is Conversation => c !== undefined).slice(0, 3)
}

/** "ben already shared this with you on 3 Mar", "You already shared this in Lake crew on 3 Mar". */
function sentence(conversation: Conversation, shared: AlreadyShared, me: string): string {
  const what = shared.match === 'same_picture' ? 'the same picture' : 'this'
  const when = shortDate(shared.created_at)
  const title = conversationTitle(conversation, me)
  if (shared.sender.username === me) {
    return `You already shared ${what} ${conversation.is_group ? 'in' : 'with'} ${title} on ${when}`
  }
  const where = conversation.is_group ? `in ${title}` : 'with you'
  return `${shared.sender.username} already shared ${what} ${where} on ${when}`
}

/**
 * Déjà vu in the share sheet: for each conversation a pin is about to go into that already holds
 * it (or the same picture), "bea already shared this with you on 3 Mar · View" — sending stays
 * possible. Known conversations only (the inbox); a failed check says nothing.
 */
export function ShareDejaVu({
  attachment,
  people,
  asGroup,
  me,
  onView,
}: {
  attachment: AttachmentRef
  people: UserSummary[]
  asGroup: boolean
  me: string
  onView: () => void
}) {
  const store = useOptionalMessagesStore()
  const conversations = useSyncExternalStore(
    store?.subscribe ?? noopSubscribe,
    () => store?.getState().inbox.conversations ?? NO_CONVERSATIONS,
  )
  const ids =
    attachment.type === 'pin'
      ? targets(conversations, people, asGroup, me)
          .map((c) => c.id)
          .join(',')
      : ''
  const [found, setFound] = useState<Array<{ conversation: Conversation; shared: AlreadyShared }>>(
    [],
  )

  useEffect(() => {
    let live = true
    const chosen = conversations.filter((c) => ids.split(',').includes(c.id))
    void Promise.all(
      chosen.map((conversation) =>
        alreadyShared(conversation.id, attachment.id).then(
          ({ shared }) => (shared ? { conversation, shared } : null),
          () => null,
        ),
      ),
    ).then((answers) => {
      if (live) setFound(answers.filter((a) => a !== null))
    })
    return () => {
      live = false
    }
    // the conversations' ids are what matters, not each new copy of the list
  }, [ids, attachment.id]) // eslint-disable-line react-hooks/exhaustive-deps

  if (!ids || found.length === 0) return null
  return (
    <ul className="share-deja-vu" aria-label="Already shared">
      {found.map(({ conversation, shared }) => (
        <li key={conversation.id}>
          {sentence(conversation, shared, me)} ·{' '}
          <Link
            to={conversationPath(conversation.id)}
            onClick={() => {
              onView()
              void store?.jumpTo(conversation.id, shared.message_id, shared.seq)
            }}
          >
            View
          </Link>
        </li>
      ))}
    </ul>
  )
}
