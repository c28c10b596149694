import { Search, Send, X } from 'lucide-react'
import { useRef, useState, type KeyboardEvent } from 'react'
import type { Pin } from '../../../protocol/api'
import { IconButton } from '../../ui/button'
import { pinImage } from '../pins/pins-api'
import { GuideChips } from '../search/guide-chips'
import { usePinSearch } from '../search/use-pin-search'

const RESULTS = 20

interface ComposerSearchProps {
  onPick: (pin: Pin) => void
  onClose: () => void
}

/**
 * The composer's search mode: a search box in place of the message box, and above it a strip
 * of guide chips and a strip of small pins, each sent into the conversation by one click.
 * Escape (anywhere in it) goes back to writing.
 */
export function ComposerSearch({ onPick, onClose }: ComposerSearchProps) {
  const [query, setQuery] = useState('')
  const [guides, setGuides] = useState<string[]>([])
  const search = usePinSearch(query, guides, RESULTS)
  const stripRef = useRef<HTMLUListElement>(null)
  const pins = search.page?.items ?? []

  const thumbs = () => Array.from(stripRef.current?.querySelectorAll('button') ?? [])

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key !== 'Escape') return
    // Keep the Messages panel (which closes on Escape) open: only the search mode ends.
    event.preventDefault()
    event.stopPropagation()
    onClose()
  }

  const onInputKey = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === 'ArrowUp' || (event.key === 'Enter' && pins.length > 0)) {
      event.preventDefault()
      thumbs()[0]?.focus()
    }
  }

  const onStripKey = (event: KeyboardEvent) => {
    if (event.key !== 'ArrowLeft' && event.key !== 'ArrowRight') return
    const list = thumbs()
    const at = list.indexOf(document.activeElement as HTMLButtonElement)
    if (at < 0) return
    event.preventDefault()
    list[
      Math.min(Math.max(at + (event.key === 'ArrowRight' ? 1 : -1), 0), list.length - 1)
    ]?.focus()
  }

  return (
    <div className="composer-search" data-toast-avoid="" onKeyDown={onKeyDown}>
      <section className="composer-results" aria-label="Pins to send">
        <GuideChips
          size="sm"
          chosen={guides}
          offered={search.page?.guides ?? []}
          stale={search.status === 'loading'}
          onAdd={(term) => setGuides((g) => [...g, term])}
          onRemove={(term) => setGuides((g) => g.filter((x) => x !== term))}
        />
        {pins.length > 0 ? (
          <ul
            ref={stripRef}
            className={`composer-pins${search.status === 'loading' ? ' stale' : ''}`}
            aria-label="Results"
            onKeyDown={onStripKey}
          >
            {pins.map((pin) => (
              <li key={pin.id}>
                <PinThumb pin={pin} onPick={onPick} />
              </li>
            ))}
          </ul>
        ) : (
          <p className="composer-search-note" role="status">
            {search.status === 'idle'
              ? 'Find a pin and send it here with one click.'
              : search.status === 'loading'
                ? 'Searching…'
                : search.status === 'error'
                  ? search.error
                  : guides.length
                    ? 'No pins match all of these. Remove a chip to see more.'
                    : `No pins for “${query.trim()}”.`}
          </p>
        )}
      </section>
      <form
        className="composer composer-searching"
        role="search"
        onSubmit={(e) => e.preventDefault()}
      >
        <Search size={20} className="composer-search-icon" aria-hidden="true" />
        <input
          className="composer-input"
          type="search"
          aria-label="Search pins to send"
          placeholder="Search pins to send"
          autoComplete="off"
          autoFocus
          value={query}
          onChange={(e) => {
            if (e.target.value.trim() !== query.trim()) setGuides([])
            setQuery(e.target.value)
          }}
          onKeyDown={onInputKey}
        />
        <IconButton label="Close search" onClick={onClose}>
          <X size={20} />
        </IconButton>
      </form>
    </div>
  )
}

function PinThumb({ pin, onPick }: { pin: Pin; onPick: (pin: Pin) => void }) {
  const image = pinImage(pin, '150x150')
  const label = pin.title || pin.alt_text || 'Pin'
  return (
    <button
      type="button"
      className="composer-pin"
      aria-label={`Send ${label}`}
      title={label}
      onClick={() => onPick(pin)}
    >
      <span className="composer-pin-media" style={{ backgroundColor: pin.dominant_color }}>
        {image && <img src={image.url} alt="" width={96} height={96} loading="lazy" />}
        <span className="composer-pin-send" aria-hidden="true">
          <Send size={12} />
          Send
        </span>
      </span>
      {pin.title && <span className="composer-pin-title">{pin.title}</span>}
    </button>
  )
}
