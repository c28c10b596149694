import { Mail, Search, X } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import type { UserSummary } from '../../../protocol/api'
import type { MessagingCandidate } from '../../../protocol/messages'
import { messageOf } from '../../lib/api'
import { isEmailAddress, looksLikeEmail, normalEmail } from '../../lib/email-address'
import { Avatar } from '../../ui/avatar'
import { FormError } from '../../ui/states'
import { messagingCandidates } from './message-reasons'
import { displayName } from './messages-api'
import { UnavailablePeople } from './unavailable-people'

interface PeoplePickerProps {
  selected: UserSummary[]
  onChange: (people: UserSummary[]) => void
  /** how many people and addresses in all */
  max: number
  /** people not to offer (already in the conversation) */
  exclude?: string[]
  /** addresses picked beside people (the share sheet's invites); omitted: people only */
  emails?: { selected: string[]; onChange: (emails: string[]) => void }
  label?: string
  autoFocus?: boolean
}

type Option = { kind: 'email'; email: string } | { kind: 'person'; user: UserSummary }

/**
 * Typeahead over the people you may message, picked people shown as removable chips; with
 * `emails`, typing an address offers to send to it, and picked addresses are chips too. People
 * named like the query whom you cannot message yet are listed below, greyed, with the reason
 * and a Follow button (see UnavailablePeople); a follow that allows it enables them in place.
 */
export function PeoplePicker({
  selected,
  onChange,
  max,
  exclude = [],
  emails,
  label = 'Search people',
  autoFocus = true,
}: PeoplePickerProps) {
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<MessagingCandidate[]>([])
  // people a Follow in the second list made messageable: they stay there, enabled in place
  const [enabledHere, setEnabledHere] = useState<ReadonlySet<string>>(() => new Set())
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [emailError, setEmailError] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const inputRef = useRef<HTMLInputElement>(null)
  const listId = useId()
  const pickedEmails = emails?.selected ?? []
  const full = selected.length + pickedEmails.length >= max
  const typed = query.trim()
  // An address is not a name: nobody is searched for while one is typed.
  const emailMode = emails !== undefined && looksLikeEmail(typed)
  const searchFor = emailMode ? '' : typed

  useEffect(() => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      messagingCandidates(searchFor, controller.signal).then(
        (page) => {
          setResults(page.items)
          setStatus('ready')
          setActive(0)
        },
        (err: unknown) => {
          if (controller.signal.aborted) return
          setError(messageOf(err))
          setStatus('error')
        },
      )
    }, 120)
    return () => {
      clearTimeout(timer)
      controller.abort()
    }
  }, [searchFor])

  const offered = emailMode
    ? []
    : results.filter(
        (u) => !exclude.includes(u.username) && !selected.some((s) => s.username === u.username),
      )
  const shown = offered.filter((u) => u.can_message && !enabledHere.has(u.username))
  const unavailable = offered.filter((u) => !u.can_message || enabledHere.has(u.username))
  const options: Option[] = [
    ...(emailMode && !pickedEmails.includes(normalEmail(typed))
      ? [{ kind: 'email' as const, email: typed }]
      : []),
    ...shown.map((user) => ({ kind: 'person' as const, user })),
  ]
  const activeIndex = Math.min(active, options.length - 1)
  const activeOption = options[activeIndex]
  const optionId = (option: Option) =>
    option.kind === 'email' ? `${listId}-email` : `${listId}-${option.user.username}`

  const done = () => {
    setQuery('')
    setActive(0)
    inputRef.current?.focus()
  }

  const pickPerson = (user: UserSummary) => {
    onChange([...selected, user])
    // removed again later, they are an ordinary option
    setEnabledHere((names) => new Set([...names].filter((n) => n !== user.username)))
    done()
  }

  const changed = (person: MessagingCandidate) => {
    setResults((list) => list.map((u) => (u.username === person.username ? person : u)))
    if (person.can_message) setEnabledHere((names) => new Set(names).add(person.username))
  }

  const pick = (option: Option) => {
    if (full) return
    if (option.kind === 'person') {
      pickPerson(option.user)
    } else if (!isEmailAddress(option.email)) {
      setEmailError(`“${option.email}” is not a whole email address, like name@example.com.`)
      inputRef.current?.focus()
    } else {
      emails?.onChange([...pickedEmails, normalEmail(option.email)])
      done()
    }
  }

  const removeLast = () => {
    if (emails && pickedEmails.length) emails.onChange(pickedEmails.slice(0, -1))
    else if (selected.length) onChange(selected.slice(0, -1))
  }

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive(Math.min(activeIndex + 1, options.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive(Math.max(activeIndex - 1, 0))
    } else if (event.key === 'Enter') {
      if (activeOption && typed) {
        event.preventDefault()
        pick(activeOption)
      }
    } else if (event.key === 'Backspace' && !query) {
      removeLast()
    }
  }

  const placeholder = full
    ? `Up to ${max} people`
    : selected.length || pickedEmails.length
      ? 'Add more'
      : emails
        ? 'Name, username or email'
        : 'Name or username'

  return (
    <div className="people-picker">
      <div className="people-input">
        <Search size={18} aria-hidden="true" />
        {selected.map((u) => (
          <span key={u.username} className="person-chip">
            <Avatar username={u.username} src={u.profile_image} size={22} />
            <span>{displayName(u)}</span>
            <button
              type="button"
              aria-label={`Remove ${displayName(u)}`}
              onClick={() => onChange(selected.filter((s) => s.username !== u.username))}
            >
              <X size={14} aria-hidden="true" />
            </button>
          </span>
        ))}
        {pickedEmails.map((email) => (
          <span key={email} className="person-chip email-chip">
            <span className="email-chip-icon" aria-hidden="true">
              <Mail size={13} />
            </span>
            <span>{email}</span>
            <button
              type="button"
              aria-label={`Remove ${email}`}
              onClick={() => emails?.onChange(pickedEmails.filter((e) => e !== email))}
            >
              <X size={14} aria-hidden="true" />
            </button>
          </span>
        ))}
        <input
          ref={inputRef}
          role="combobox"
          aria-label={label}
          aria-expanded={options.length > 0}
          aria-controls={listId}
          aria-activedescendant={activeOption ? optionId(activeOption) : undefined}
          aria-invalid={emailError ? true : undefined}
          placeholder={placeholder}
          value={query}
          autoFocus={autoFocus}
          disabled={full}
          onChange={(e) => {
            setQuery(e.target.value)
            setEmailError(null)
            setActive(0)
          }}
          onKeyDown={onKeyDown}
        />
      </div>
      <FormError message={emailError} />
      <ul className="people-results" id={listId} role="listbox" aria-label="People you may message">
        {!emailMode && status === 'loading' && results.length === 0 && (
          <li className="people-none" role="option" aria-disabled="true" aria-selected="false">
            Loading…
          </li>
        )}
        {!emailMode && status === 'error' && (
          <li className="people-none" role="option" aria-disabled="true" aria-selected="false">
            {error}
          </li>
        )}
        {!emailMode &&
          status === 'ready' &&
          shown.length === 0 &&
          (typed ? unavailable.length === 0 : !selected.length && !pickedEmails.length) && (
            <li className="people-none" role="option" aria-disabled="true" aria-selected="false">
              {typed
                ? emails
                  ? 'Nobody on Corkboard by that name. To invite someone, type their email address.'
                  : 'Nobody on Corkboard by that name.'
                : emails
                  ? 'People who follow you back show up here. To send by email, type an address.'
                  : 'People who follow you back show up here.'}
            </li>
          )}
        {options.map((option, i) => (
          <li
            key={optionId(option)}
            id={optionId(option)}
            role="option"
            aria-selected={i === activeIndex}
            aria-disabled={full}
            className={`people-option${i === activeIndex ? ' active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onClick={() => pick(option)}
          >
            {option.kind === 'email' ? (
              <>
                <span className="email-option-icon" aria-hidden="true">
                  <Mail size={20} />
                </span>
                <span className="people-name">
                  <strong>Send to {option.email}</strong>
                  <small>By email, with an invitation if they are not on Corkboard yet</small>
                </span>
              </>
            ) : (
              <>
                <Avatar username={option.user.username} src={option.user.profile_image} size={40} />
                <span className="people-name">
                  <strong>{displayName(option.user)}</strong>
                  <small>@{option.user.username}</small>
                </span>
              </>
            )}
          </li>
        ))}
      </ul>
      {!emailMode && (
        <UnavailablePeople
          people={unavailable}
          full={full}
          onChanged={changed}
          onPick={(person) => !full && pickPerson(person)}
          onRefocus={() => inputRef.current?.focus()}
        />
      )}
    </div>
  )
}
