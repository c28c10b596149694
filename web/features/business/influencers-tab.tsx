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
import { useBookmarkList } from './use-bookmark-list'

const influencerKey = (i: Influencer) => i.user.username

const FIGURES: { key: keyof Influencer; label: string }[] = [
  { key: 'sends', label: 'Sent in messages' },
  { key: 'saves_via_message', label: 'Saves from messages' },
  { key: 'clicks_via_message', label: 'Clicks from messages' },
  { key: 'invites_accepted', label: 'Invites accepted' },
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
          Score = sends + 2 × saves from messages + 2 × clicks from messages + 5 × invites accepted
        </p>
      </div>
      <ol className="influencer-list">
        {list.items.map((i, index) => (
          <li key={i.user.id} className="influencer">
            <span className="rank" aria-label={`Rank ${index + 1}`}>
              {index + 1}
            </span>
            <Avatar username={i.user.username} src={i.user.profile_image} size={40} />
            <span className="influencer-who">
              <Link to={`/u/${i.user.username}`}>{displayName(i.user)}</Link>
              <small>
                @{i.user.username} · score <strong>{i.score}</strong>
              </small>
            </span>
            <dl className="influencer-figures">
              {FIGURES.map((f) => (
                <div key={f.key}>
                  <dt>{f.label}</dt>
                  <dd>{String(i[f.key])}</dd>
                </div>
              ))}
            </dl>
            <span className="influencer-action">
              {i.can_message ? (
                <MessageButton influencer={i} />
              ) : (
                <small className="muted">
                  {i.reason ? REFUSAL_TEXT[i.reason] : 'Cannot be messaged'}
                </small>
              )}
            </span>
          </li>
        ))}
      </ol>
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
