import { Check, Plus } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import {
  suggestionsPath,
  type SuggestedBoard,
  type SuggestedUser,
  type Suggestions,
  type Topic,
} from './onboarding-api'

interface FollowStepProps {
  topics: Topic[]
  people: ReadonlySet<string>
  boards: ReadonlySet<string>
  onTogglePerson: (id: string) => void
  onToggleBoard: (id: string) => void
  onBack: () => void
  onDone: () => void
  busy: boolean
  error: string | null
}

const count = (n: number, one: string, many: string) =>
  `${n.toLocaleString()} ${n === 1 ? one : many}`

/** A follow toggle: nothing is followed until Done, all in one go. */
function FollowToggle({ on, name, onClick }: { on: boolean; name: string; onClick: () => void }) {
  return (
    <Button
      variant={on ? 'secondary' : 'primary'}
      size="sm"
      aria-pressed={on}
      icon={on ? <Check size={16} aria-hidden="true" /> : <Plus size={16} aria-hidden="true" />}
      onClick={onClick}
    >
      {on ? 'Following' : 'Follow'}
      <span className="visually-hidden"> {name}</span>
    </Button>
  )
}

/** Step 2: people and boards suggested for the chosen topics, to follow in one go. */
export function FollowStep(props: FollowStepProps) {
  const { topics, people, boards, onBack, onDone, busy, error } = props
  const suggestions = useResource<Suggestions>(suggestionsPath(topics))
  const heading = useRef<HTMLHeadingElement>(null)
  const names = new Map(topics.map((t) => [t.id, t.name]))
  const about = (ids: string[]) => ids.map((id) => names.get(id) ?? id).join(', ')
  const chosen = people.size + boards.size

  useEffect(() => heading.current?.focus(), [])

  const data = suggestions.data
  const nothing = data !== null && data.users.length === 0 && data.boards.length === 0

  return (
    <section className="onboarding-step" aria-labelledby="onboarding-follow-title">
      <div className="onboarding-head">
        <h1 id="onboarding-follow-title" ref={heading} tabIndex={-1}>
          Follow a few people and boards
        </h1>
        <p>
          {topics.length > 0
            ? `Picked for ${about(topics.map((t) => t.id))}, and popular here.`
            : 'Popular here.'}{' '}
          Their new pins show up in your home feed.
        </p>
      </div>

      {suggestions.status === 'loading' && <Spinner label="Finding people and boards" />}
      {suggestions.status === 'error' && (
        <ErrorState message={suggestions.error} onRetry={suggestions.reload} />
      )}
      {nothing && (
        <p className="onboarding-note">
          There is nobody to suggest yet. Finish here, and find people through search later.
        </p>
      )}
      {data && data.users.length > 0 && (
        <>
          <h2 className="onboarding-subhead">People</h2>
          <ul className="suggest-people" aria-label="People to follow">
            {data.users.map((s) => (
              <PersonCard
                key={s.user.id}
                suggestion={s}
                about={about(s.topics)}
                on={people.has(s.user.id)}
                onToggle={() => props.onTogglePerson(s.user.id)}
              />
            ))}
          </ul>
        </>
      )}
      {data && data.boards.length > 0 && (
        <>
          <h2 className="onboarding-subhead">Boards</h2>
          <ul className="suggest-boards" aria-label="Boards to follow">
            {data.boards.map((s) => (
              <BoardCard
                key={s.board.id}
                suggestion={s}
                on={boards.has(s.board.id)}
                onToggle={() => props.onToggleBoard(s.board.id)}
              />
            ))}
          </ul>
        </>
      )}

      <footer className="onboarding-footer">
        <div className="onboarding-footer-inner">
          <Button size="lg" onClick={onBack}>
            Back
          </Button>
          <span className="onboarding-count" aria-live="polite">
            {chosen === 0 ? 'Follow a few to fill your feed' : `${chosen} to follow`}
          </span>
          <FormError message={error} />
          <Button variant="primary" size="lg" busy={busy} onClick={onDone}>
            Done
          </Button>
        </div>
      </footer>
    </section>
  )
}

function PersonCard(props: {
  suggestion: SuggestedUser
  about: string
  on: boolean
  onToggle: () => void
}) {
  const { user, follower_count, pin_thumbnail_urls } = props.suggestion
  const name = user.business_name ?? user.username
  return (
    <li className="suggest-person">
      <div className="suggest-person-row">
        <Avatar username={user.username} src={user.profile_image} size={48} />
        <div className="suggest-person-text">
          <span className="suggest-person-name">{name}</span>
          <span className="suggest-meta">
            {count(follower_count, 'follower', 'followers')}
            {props.about && ` · ${props.about}`}
          </span>
        </div>
        <FollowToggle on={props.on} name={name} onClick={props.onToggle} />
      </div>
      {pin_thumbnail_urls.length > 0 && (
        <div className="suggest-person-pins" aria-hidden="true">
          {pin_thumbnail_urls.map((url) => (
            <img key={url} src={url} alt="" loading="lazy" />
          ))}
        </div>
      )}
    </li>
  )
}

function BoardCard(props: { suggestion: SuggestedBoard; on: boolean; onToggle: () => void }) {
  const { board } = props.suggestion
  return (
    <li className="board-suggestion">
      <div className="board-suggestion-cover" aria-hidden="true">
        {board.media.image_cover_url && (
          <img src={board.media.image_cover_url} alt="" loading="lazy" />
        )}
      </div>
      <div className="board-suggestion-text">
        <span className="board-suggestion-name">{board.name}</span>
        <span className="suggest-meta">
          {board.owner.username} · {count(board.pin_count, 'pin', 'pins')}
        </span>
      </div>
      <FollowToggle on={props.on} name={board.name} onClick={props.onToggle} />
    </li>
  )
}
