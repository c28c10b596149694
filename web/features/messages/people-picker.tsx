import { Search, X } from 'lucide-react'
import { useEffect, useId, useRef, useState } from 'react'
import type { UserSummary } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { Avatar } from '../../ui/avatar'
import { displayName, typeahead } from './messages-api'

interface PeoplePickerProps {
  selected: UserSummary[]
  onChange: (people: UserSummary[]) => void
  max: number
  /** people not to offer (already in the conversation) */
  exclude?: string[]
  label?: string
  autoFocus?: boolean
}

/** Typeahead over the people you may message, picked people shown as removable chips. */
export function PeoplePicker({
  selected,
  onChange,
  max,
  exclude = [],
  label = 'Search people',
  autoFocus = true,
}: PeoplePickerProps) {
  const [query, setQuery] = useState('')
  const [results, setResults] = useState<UserSummary[]>([])
  const [status, setStatus] = useState<'loading' | 'ready' | 'error'>('loading')
  const [error, setError] = useState<string | null>(null)
  const [active, setActive] = useState(0)
  const inputRef = useRef<HTMLInputElement>(null)
  const listId = useId()
  const full = selected.length >= max

  useEffect(() => {
    const controller = new AbortController()
    const timer = setTimeout(() => {
      typeahead(query.trim(), controller.signal).then(
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
  }, [query])

  const shown = results.filter(
    (u) => !exclude.includes(u.username) && !selected.some((s) => s.username === u.username),
  )

  const pick = (user: UserSummary) => {
    if (full) return
    onChange([...selected, user])
    setQuery('')
    inputRef.current?.focus()
  }

  const onKeyDown = (event: React.KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown') {
      event.preventDefault()
      setActive((i) => Math.min(i + 1, shown.length - 1))
    } else if (event.key === 'ArrowUp') {
      event.preventDefault()
      setActive((i) => Math.max(i - 1, 0))
    } else if (event.key === 'Enter') {
      const user = shown[active]
      if (user && query.trim()) {
        event.preventDefault()
        pick(user)
      }
    } else if (event.key === 'Backspace' && !query && selected.length) {
      onChange(selected.slice(0, -1))
    }
  }

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
        <input
          ref={inputRef}
          role="combobox"
          aria-label={label}
          aria-expanded={shown.length > 0}
          aria-controls={listId}
          aria-activedescendant={shown[active] ? `${listId}-${shown[active].username}` : undefined}
          placeholder={
            full ? `Up to ${max} people` : selected.length ? 'Add more' : 'Name or username'
          }
          value={query}
          autoFocus={autoFocus}
          disabled={full}
          onChange={(e) => setQuery(e.target.value)}
          onKeyDown={onKeyDown}
        />
      </div>
      <ul className="people-results" id={listId} role="listbox" aria-label="People you may message">
        {status === 'loading' && results.length === 0 && <li className="people-none">Loading…</li>}
        {status === 'error' && <li className="people-none">{error}</li>}
        {status === 'ready' && shown.length === 0 && (query.trim() || !selected.length) && (
          <li className="people-none">
            {query.trim()
              ? 'Nobody you may message by that name.'
              : 'People who follow you back show up here.'}
          </li>
        )}
        {shown.map((u, i) => (
          <li
            key={u.username}
            id={`${listId}-${u.username}`}
            role="option"
            aria-selected={i === active}
            aria-disabled={full}
            className={`people-option${i === active ? ' active' : ''}`}
            onMouseEnter={() => setActive(i)}
            onClick={() => pick(u)}
          >
            <Avatar username={u.username} src={u.profile_image} size={40} />
            <span className="people-name">
              <strong>{displayName(u)}</strong>
              <small>@{u.username}</small>
            </span>
          </li>
        ))}
      </ul>
    </div>
  )
}
