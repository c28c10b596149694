import { MessageCircle } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import type { Account } from '../../../protocol/api'
import type { MessagingCandidate } from '../../../protocol/messages'
import { ApiError, messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { useToast } from '../../ui/toast'
import {
  followHelps,
  followLabel,
  followPerson,
  messagingCandidate,
  reasonText,
} from '../messages/message-reasons'
import { useOptionalMessagesStore } from '../messages/messages-context'
import { conversationPath, createConversation } from '../messages/messages-api'
import '../messages/people-reasons.css'

type Why = Pick<MessagingCandidate, 'reason' | 'follows_you' | 'is_following' | 'can_message'>

interface Props {
  user: Account
  /** the person was followed from here (the profile updates its Follow button and count) */
  onFollowed: () => void
}

/**
 * A profile's Message button: opens your 1:1 with them (made if need be) when the messaging
 * rules allow; otherwise says why beside it, with a Follow button when following is the next
 * step — and once a follow allows it, says so and the button works.
 */
export function MessageButton({ user, onFollowed }: Props) {
  const navigate = useNavigate()
  const store = useOptionalMessagesStore()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const [why, setWhy] = useState<Why | null>(null)
  const [following, setFollowing] = useState(false)
  const whyId = useId()
  const messageRef = useRef<HTMLButtonElement>(null)
  const name = user.business_name || user.username

  // Followed or unfollowed with the profile's own button while the reason shows: ask again.
  const isFollowing = user.is_following ?? false
  const showing = why !== null
  const seen = useRef(isFollowing)
  useEffect(() => {
    if (!showing || seen.current === isFollowing) return
    seen.current = isFollowing
    let live = true
    void messagingCandidate(user.username).then(
      (fresh) => live && fresh && setWhy(fresh),
      () => undefined,
    )
    return () => {
      live = false
    }
  }, [isFollowing, showing, user.username])

  const open = async () => {
    setBusy(true)
    try {
      const c = await createConversation([user.username])
      store?.conversationUpdated(c)
      navigate(conversationPath(c.id))
    } catch (err) {
      if (err instanceof ApiError && err.status === 403 && err.reason) {
        const fresh = await messagingCandidate(user.username).catch(() => null)
        setWhy(
          fresh ?? {
            can_message: false,
            reason:
              err.reason === 'not_mutual' ||
              err.reason === 'not_followed' ||
              err.reason === 'policy_nobody'
                ? err.reason
                : 'policy_nobody',
            follows_you: user.follows_you ?? false,
            is_following: isFollowing,
          },
        )
      } else {
        toast.show(messageOf(err), { tone: 'error' })
      }
    } finally {
      setBusy(false)
    }
  }

  const follow = async () => {
    if (!why) return
    setFollowing(true)
    try {
      await followPerson(user.username)
      seen.current = true
      onFollowed()
      const fresh = await messagingCandidate(user.username)
      setWhy(fresh ?? { ...why, is_following: true })
      // the Follow button goes away: focus to what is next, the Message button
      messageRef.current?.focus()
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setFollowing(false)
    }
  }

  return (
    <>
      <Button
        ref={messageRef}
        size="md"
        icon={<MessageCircle size={16} aria-hidden="true" />}
        busy={busy}
        className="message-btn"
        title="Message"
        aria-describedby={why ? whyId : undefined}
        onClick={() => void open()}
      >
        <span className="message-btn-text">Message</span>
      </Button>
      {why && (
        <div className="message-why" id={whyId} role="status">
          <p>
            {why.can_message ? (
              <>You can message {name} now.</>
            ) : (
              <>
                <strong>You can’t message {name} yet.</strong> {reasonText(why)}.
              </>
            )}
          </p>
          {!why.can_message && followHelps(why) && (
            <Button
              size="sm"
              variant="primary"
              busy={following}
              aria-label={`${followLabel(why)} ${name}`}
              onClick={() => void follow()}
            >
              {followLabel(why)}
            </Button>
          )}
        </div>
      )}
    </>
  )
}
