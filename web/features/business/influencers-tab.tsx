import { MessageCircle, Users } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import type { Influencer } from '../../../protocol/brands'
import { messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { conversationPath, createConversation, displayName } from '../messages/messages-api'
import { REFUSAL_TEXT } from './business-api'
import { FollowBackButton } from './follow-back-button'
import { useBookmarkList } from './use-bookmark-list'

const influencerKey = (i: Influencer) => i.user.username

const FIGURES: {
  key: 'sends' | 'saves_via_message' | 'clicks_via_message' | 'invites_accepted' | 'score'
  label: string
  title: string
}[] = [
  { key: 'sends', label: 'Sent', title: 'Times they sent your pins in messages' },
  { key: 'saves_via_message', label: 'Saves', title: 'Saves of your pins from their messages' },
  {
    key: 'clicks_via_message',
    label: 'Clicks',
    title: 'Source clicks on your pins from their messages',
  },
  { key: 'invites_accepted', label: 'Joined', title: 'Invites with your pins that became members' },
  { key: 'score', label: 'Score', title: 'sends + 2 × saves + 2 × clicks + 5 × joined' },
]

function MessageButton({ influencer }: { influencer: Influencer }) {
  const navigate = useNavigate()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const name = displayName(influencer.user)
  const open = async () => {
    setBusy(true)
    try {
      const c = await createConversation([influencer.user.username])
      navigate(conversationPath(c.id))
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
      setBusy(false)
    }
  }
  return (
    <Button
      size="sm"
      busy={busy}
      icon={<MessageCircle size={16} aria-hidden="true" />}
      aria-label={`Message ${name}`}
      onClick={() => void open()}
    >
      Message
    </Button>
  )
}

/** The brand's followers, ranked by what they did with its pins in messages. */
export function InfluencersTab() {
  useDocumentTitle('Influencers')
  const list = useBookmarkList<Influencer>('/v5/brand/influencers', influencerKey)

  if (list.status === 'loading') return <Spinner label="Loading influencers" />
  if (list.status === 'error') return <ErrorState message={list.error} onRetry={list.refresh} />
  if (list.items.length === 0) {
    return (
      <EmptyState icon={<Users size={28} aria-hidden="true" />} title="No followers yet">
        The people who follow you show up here, ranked by how often they send your pins to friends,
        and what those friends do with them.
      </EmptyState>
    )
  }

  return (
    <section className="biz-section" aria-labelledby="influencers-heading">
      <div className="biz-section-head">
        <h2 id="influencers-heading">Influencers</h2>
        <p className="muted small">
          Your followers, ranked by what they did with your pins in messages: sent them, and the
          saves, source clicks and new members that came of it.
        </p>
      </div>
      <table className="influencer-table">
        <thead>
          <tr>
            <th scope="col">
              <span className="visually-hidden">Rank</span>
            </th>
            <th scope="col">Person</th>
            {FIGURES.map((f) => (
              <th key={f.key} scope="col" title={f.title}>
                {f.label}
              </th>
            ))}
            <th scope="col">
              <span className="visually-hidden">Message</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {list.items.map((i, index) => (
            <tr key={i.user.id}>
              <td className="rank">{index + 1}</td>
              <th scope="row" className="influencer-cell">
                <span className="influencer-who">
                  <Avatar username={i.user.username} src={i.user.profile_image} size={36} />
                  <span>
                    <Link to={`/u/${i.user.username}`}>{displayName(i.user)}</Link>
                    <small>@{i.user.username}</small>
                  </span>
                </span>
              </th>
              {FIGURES.map((f) => (
                <td key={f.key} className={`fig fig-${f.key}`} data-label={f.label}>
                  {i[f.key]}
                </td>
              ))}
              <td className="influencer-action">
                {i.can_message ? (
                  <MessageButton influencer={i} />
                ) : i.reason === 'not_mutual' ? (
                  <FollowBackButton
                    user={i.user}
                    onDone={() =>
                      list.update(i.user.username, (x) => ({
                        ...x,
                        can_message: true,
                        reason: null,
                      }))
                    }
                  />
                ) : (
                  <small className="muted">
                    {i.reason ? REFUSAL_TEXT[i.reason] : 'Cannot be messaged'}
                  </small>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {list.hasMore && (
        <div className="row-center">
          <Button busy={list.loadingMore} onClick={list.loadMore}>
            Show more
          </Button>
        </div>
      )}
    </section>
  )
}
