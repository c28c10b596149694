import { Check } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { useResource } from '../../lib/use-resource'
import { Button } from '../../ui/button'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import { TOPICS_PATH, type Topic } from './onboarding-api'

interface TopicStepProps {
  username: string
  chosen: Topic[]
  onToggle: (topic: Topic) => void
  onNext: () => void
  error: string | null
}

/** Step 1: the topics popular on this instance, as picture tiles to pick from. */
export function TopicStep({ username, chosen, onToggle, onNext, error }: TopicStepProps) {
  const topics = useResource<{ items: Topic[] }>(TOPICS_PATH)
  const heading = useRef<HTMLHeadingElement>(null)
  const picked = new Set(chosen.map((t) => t.id))

  useEffect(() => heading.current?.focus(), [])

  return (
    <section className="onboarding-step" aria-labelledby="onboarding-topics-title">
      <div className="onboarding-head">
        <h1 id="onboarding-topics-title" ref={heading} tabIndex={-1}>
          Welcome, {username}! What are you into?
        </h1>
        <p>
          Pick a few topics. We’ll suggest people and boards to follow, so your home feed starts
          with ideas you like.
        </p>
      </div>

      {topics.status === 'loading' && <Spinner label="Loading topics" />}
      {topics.status === 'error' && <ErrorState message={topics.error} onRetry={topics.reload} />}
      {topics.data && topics.data.items.length === 0 && (
        <p className="onboarding-note">
          Nobody has pinned much here yet, so there are no topics to pick. Go on to see who is
          around.
        </p>
      )}
      {topics.data && topics.data.items.length > 0 && (
        <ul className="topic-grid" aria-label="Topics">
          {topics.data.items.map((topic) => {
            const on = picked.has(topic.id)
            return (
              <li key={topic.id}>
                <button
                  type="button"
                  className="topic-tile"
                  aria-pressed={on}
                  style={{ background: topic.dominant_color ?? undefined }}
                  onClick={() => onToggle(topic)}
                >
                  {topic.image_url && <img src={topic.image_url} alt="" loading="lazy" />}
                  <span className="topic-name">{topic.name}</span>
                  {on && (
                    <span className="topic-check" aria-hidden="true">
                      <Check size={18} strokeWidth={3} />
                    </span>
                  )}
                </button>
              </li>
            )
          })}
        </ul>
      )}

      <footer className="onboarding-footer">
        <div className="onboarding-footer-inner">
          <span className="onboarding-count" aria-live="polite">
            {chosen.length === 0
              ? 'Pick one or more'
              : `${chosen.length} ${chosen.length === 1 ? 'topic' : 'topics'} picked`}
          </span>
          <FormError message={error} />
          <Button variant="primary" size="lg" onClick={onNext}>
            Next
          </Button>
        </div>
      </footer>
    </section>
  )
}
