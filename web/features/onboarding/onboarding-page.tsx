import { useState } from 'react'
import { Navigate, useNavigate } from 'react-router-dom'
import { useAccount } from '../../app/session'
import { messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useResource } from '../../lib/use-resource'
import { Button } from '../../ui/button'
import { Logo } from '../../ui/logo'
import { useToast } from '../../ui/toast'
import { FollowStep } from './follow-step'
import {
  completeOnboarding,
  ONBOARDING_STATUS_PATH,
  rememberOnboarded,
  type OnboardingStatus,
  type Topic,
} from './onboarding-api'
import { TopicStep } from './topic-step'
import './onboarding.css'

const plural = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`

/** What the toast says once first sign-in's follows are made. */
function followedText(people: number, boards: number): string | null {
  const parts = [
    people > 0 ? plural(people, 'person', 'people') : null,
    boards > 0 ? plural(boards, 'board', 'boards') : null,
  ].filter(Boolean)
  return parts.length ? `You’re following ${parts.join(' and ')}.` : null
}

/**
 * First sign-in, in two steps: pick a few topics popular here, then follow a few people and
 * boards suggested for them, so the home feed starts with pins. Skippable at any point; done
 * or skipped, it never shows again.
 */
export function OnboardingPage() {
  const account = useAccount()
  const navigate = useNavigate()
  const toast = useToast()
  const status = useResource<OnboardingStatus>(ONBOARDING_STATUS_PATH)
  const [step, setStep] = useState<'topics' | 'follow'>('topics')
  const [topics, setTopics] = useState<Topic[]>([])
  const [people, setPeople] = useState<ReadonlySet<string>>(new Set())
  const [boards, setBoards] = useState<ReadonlySet<string>>(new Set())
  const [busy, setBusy] = useState<'skip' | 'done' | null>(null)
  const [error, setError] = useState<string | null>(null)
  useDocumentTitle('Welcome to Corkboard')

  if (status.data?.status === 'DONE' && busy === null) {
    rememberOnboarded(account.id)
    return <Navigate to="/" replace />
  }

  const finish = async (how: 'skip' | 'done') => {
    setBusy(how)
    setError(null)
    try {
      const result = await completeOnboarding(
        how === 'skip' ? {} : { user_ids: [...people], board_ids: [...boards] },
      )
      rememberOnboarded(account.id)
      const text = followedText(result.followed.user_ids.length, result.followed.board_ids.length)
      if (text) toast.show(text)
      navigate('/', { replace: true })
    } catch (err) {
      setError(messageOf(err))
      setBusy(null)
    }
  }

  const toggle = (set: ReadonlySet<string>, id: string) => {
    const next = new Set(set)
    if (!next.delete(id)) next.add(id)
    return next
  }

  return (
    <div className="onboarding">
      <header className="onboarding-bar">
        <Logo />
        <span className="onboarding-progress">Step {step === 'topics' ? 1 : 2} of 2</span>
        <Button variant="ghost" busy={busy === 'skip'} onClick={() => void finish('skip')}>
          Skip
        </Button>
      </header>
      <main className="onboarding-main">
        {step === 'topics' ? (
          <TopicStep
            username={account.username}
            chosen={topics}
            onToggle={(topic) =>
              setTopics((list) =>
                list.some((t) => t.id === topic.id)
                  ? list.filter((t) => t.id !== topic.id)
                  : [...list, topic],
              )
            }
            onNext={() => setStep('follow')}
            error={error}
          />
        ) : (
          <FollowStep
            topics={topics}
            people={people}
            boards={boards}
            onTogglePerson={(id) => setPeople((set) => toggle(set, id))}
            onToggleBoard={(id) => setBoards((set) => toggle(set, id))}
            onBack={() => setStep('topics')}
            onDone={() => void finish('done')}
            busy={busy === 'done'}
            error={error}
          />
        )}
      </main>
    </div>
  )
}
