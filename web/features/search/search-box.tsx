import { Search } from 'lucide-react'
import { useId, useRef, useState, type FormEvent, type KeyboardEvent, type ReactNode } from 'react'
import { useLocation, useNavigate, useSearchParams } from 'react-router-dom'
import { Avatar } from '../../ui/avatar'
import { boardPath } from '../boards/boards-api'
import { displayName } from '../messages/messages-api'
import { searchPath } from './search-api'
import { useSuggestions, type Suggestions } from './use-suggestions'
import './search.css'

interface Option {
  key: string
  to: string
  group: 'search' | 'boards' | 'people'
  content: ReactNode
  /** what the box shows once this is chosen (searches only) */
  text?: string
}

/** A search suggestion: the magnifier and its words. */
const searchOption = (key: string, to: string, query: string, words: ReactNode): Option => ({
  key,
  to,
  group: 'search',
  text: query,
  content: (
    <>
      <span className="suggest-icon" aria-hidden="true">
        <Search size={18} />
      </span>
      <span className="suggest-words">{words}</span>
    </>
  ),
})

function optionsFor(query: string, found: Suggestions | null): Option[] {
  const options: Option[] = [
    searchOption(
      'query',
      searchPath(query),
      query,
      <>
        Search for “<strong>{query}</strong>”
      </>,
    ),
  ]
  if (!found) return options
  const typed = query.toLowerCase()
  for (const search of found.searches) {
    if (search.guide !== null) {
      // refinements of the words as they stand (not of an answer to earlier letters)
      if (found.query.trim().toLowerCase() !== typed) continue
      options.push(
        searchOption(
          `guide-${search.guide}`,
          searchPath(search.query, { guides: [search.guide] }),
          search.query,
          <>
            {search.query} <strong>{search.guide}</strong>
          </>,
        ),
      )
    } else if (search.query.toLowerCase().startsWith(typed) && search.query.length > typed.length) {
      // a completion: what was typed, then the rest of the word in bold
      options.push(
        searchOption(
          `complete-${search.query}`,
          searchPath(search.query),
          search.query,
          <>
            {search.query.slice(0, typed.length)}
            <strong>{search.query.slice(typed.length)}</strong>
          </>,
        ),
      )
    }
  }
  for (const board of found.boards) {
    const cover = board.media?.image_cover_url ?? board.media?.pin_thumbnail_urls?.[0]
    options.push({
      key: `board-${board.id}`,
      to: boardPath(board),
      group: 'boards',
      content: (
        <>
          <span className="suggest-thumb" aria-hidden="true">
            {cover && <img src={cover} alt="" />}
          </span>
          <span className="suggest-text">
            <strong>{board.name}</strong>
            <small>
              by {board.owner.username} · {board.pin_count} {board.pin_count === 1 ? 'pin' : 'pins'}
            </small>
          </span>
        </>
      ),
    })
  }
  for (const person of found.people) {
    options.push({
      key: `person-${person.username}`,
      to: `/u/${person.username}`,
      group: 'people',
      content: (
        <>
          <Avatar username={person.username} src={person.profile_image} size={40} />
          <span className="suggest-text">
            <strong>{displayName(person)}</strong>
            <small>@{person.username}</small>
          </span>
        </>
      ),
    })
  }
  return options
}

const GROUP_LABELS = { search: 'Searches', boards: 'Boards', people: 'People' } as const

/**
 * The header's search box. While someone types it suggests searches (the words; the word being
 * typed completed; after a whole word, the words with a guide), boards and people; arrows
 * move, Enter goes, Escape closes.
 */
export function SearchBox() {
  const navigate = useNavigate()
  const location = useLocation()
  const [params] = useSearchParams()
  const listId = useId()
  const inputRef = useRef<HTMLInputElement>(null)
  // On the search page the box shows the search; elsewhere it keeps what was typed.
  const shown = location.pathname === '/search' ? (params.get('q') ?? '') : null
  const [query, setQuery] = useState(shown ?? '')
  const [lastShown, setLastShown] = useState(shown)
  if (shown !== lastShown) {
    setLastShown(shown)
    if (shown !== null) setQuery(shown)
  }
  const [open, setOpen] = useState(false)
  const [active, setActive] = useState(-1)
  const q = query.trim()
  const found = useSuggestions(open && q ? query : '')
  const options = open && q ? optionsFor(q, found) : []
  const expanded = options.length > 0

  const go = (option: Option) => {
    if (option.text !== undefined) setQuery(option.text)
    setOpen(false)
    setActive(-1)
    inputRef.current?.blur()
    navigate(option.to)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    const chosen = options[active]
    if (chosen) go(chosen)
    else if (q) go({ key: 'query', to: searchPath(q), group: 'search', text: q, content: null })
  }

  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      event.preventDefault()
      if (!expanded) {
        setOpen(true)
        return
      }
      const step = event.key === 'ArrowDown' ? 1 : -1
      // -1 is the box itself: past either end, back to what was typed.
      setActive((i) => ((i + 1 + step + options.length + 1) % (options.length + 1)) - 1)
    } else if (event.key === 'Escape' && expanded) {
      // Only the list closes; the Messages panel (listening on the document) stays.
      event.preventDefault()
      event.stopPropagation()
      setOpen(false)
      setActive(-1)
    }
  }

  const groups: { group: Option['group']; entries: { option: Option; index: number }[] }[] = []
  options.forEach((option, index) => {
    const last = groups[groups.length - 1]
    if (last?.group === option.group) last.entries.push({ option, index })
    else groups.push({ group: option.group, entries: [{ option, index }] })
  })

  return (
    <form className="search-box" role="search" onSubmit={submit}>
      <Search size={18} aria-hidden="true" />
      <input
        ref={inputRef}
        type="search"
        role="combobox"
        aria-label="Search"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        aria-activedescendant={options[active] ? `${listId}-${active}` : undefined}
        autoComplete="off"
        placeholder="Search for ideas"
        value={query}
        onChange={(e) => {
          setQuery(e.target.value)
          setOpen(true)
          setActive(-1)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => {
          setOpen(false)
          setActive(-1)
        }}
        onKeyDown={onKeyDown}
      />
      <div
        id={listId}
        role="listbox"
        aria-label="Suggestions"
        className="search-suggest"
        hidden={!expanded}
      >
        {groups.map(({ group, entries }) => (
          <ul key={group} role="group" aria-labelledby={`${listId}-${group}`}>
            <li
              role="presentation"
              id={`${listId}-${group}`}
              className={group === 'search' ? 'visually-hidden' : 'suggest-label'}
            >
              {GROUP_LABELS[group]}
            </li>
            {entries.map(({ option, index }) => (
              <li
                key={option.key}
                id={`${listId}-${index}`}
                role="option"
                aria-selected={index === active}
                className={`suggest-option${index === active ? ' active' : ''}`}
                onMouseDown={(e) => e.preventDefault()}
                onMouseEnter={() => setActive(index)}
                onClick={() => go(option)}
              >
                {option.content}
              </li>
            ))}
          </ul>
        ))}
      </div>
    </form>
  )
}
