import { X } from 'lucide-react'
import { useEffect, useRef, type CSSProperties } from 'react'
import type { Guide } from './search-api'
import { MAX_GUIDES } from './search-api'
import './search.css'

/** Chip colours in turn, neighbours far apart; each carries white text at 4.5:1 or better. */
const COLOURS = [
  '#0f766e',
  '#be185d',
  '#1d4ed8',
  '#b45309',
  '#6d28d9',
  '#4d7c0f',
  '#a21caf',
  '#0369a1',
  '#57534e',
]

interface GuideChipsProps {
  /** guides already chosen, in order: each is removable */
  chosen: string[]
  /** refinements to offer next */
  offered: Guide[]
  onAdd: (term: string) => void
  onRemove: (term: string) => void
  /** `sm`: the compact strip of the composer's search */
  size?: 'md' | 'sm'
  /** dimmed while the results for a change load */
  stale?: boolean
}

/**
 * Guided search's chips: the chosen guides (dark, with ×) and then colourful refinements.
 * Each chip adds an AND filter; the parent fetches again and offers new ones.
 */
export function GuideChips({
  chosen,
  offered,
  onAdd,
  onRemove,
  size = 'md',
  stale = false,
}: GuideChipsProps) {
  const groupRef = useRef<HTMLDivElement>(null)
  // The chip pressed goes away (an offered one becomes a chosen one, a chosen one vanishes):
  // keyboard focus follows to where the change is, instead of falling back to the page.
  const focusAfter = useRef<string | null>(null)
  const chosenKey = chosen.join(',')
  useEffect(() => {
    const term = focusAfter.current
    if (term === null) return
    focusAfter.current = null
    const buttons = Array.from(groupRef.current?.querySelectorAll('button') ?? [])
    ;(buttons.find((b) => b.dataset.term === term) ?? buttons[0])?.focus()
  }, [chosenKey])
  const chosenKeys = new Set(chosen.map((g) => g.toLowerCase()))
  const next = chosen.length < MAX_GUIDES ? offered.filter((g) => !chosenKeys.has(g.term)) : []
  if (chosen.length === 0 && next.length === 0) return null
  return (
    <div
      ref={groupRef}
      className={`guides guides-${size}${stale ? ' guides-stale' : ''}`}
      role="group"
      aria-label="Refine your search"
    >
      {chosen.map((term) => (
        <button
          key={`chosen-${term}`}
          type="button"
          className="guide guide-chosen"
          data-term={term}
          aria-label={`Remove ${term}`}
          title={`Remove “${term}”`}
          onClick={() => {
            focusAfter.current = ''
            onRemove(term)
          }}
        >
          <span>{term}</span>
          <X size={size === 'sm' ? 14 : 16} aria-hidden="true" />
        </button>
      ))}
      {next.map((guide, i) => (
        <button
          key={guide.term}
          type="button"
          className="guide"
          style={{ '--guide': COLOURS[i % COLOURS.length] } as CSSProperties}
          title={`Narrow to “${guide.term}” (${guide.count} ${guide.count === 1 ? 'pin' : 'pins'})`}
          onClick={() => {
            focusAfter.current = guide.term
            onAdd(guide.term)
          }}
        >
          {guide.term}
        </button>
      ))}
    </div>
  )
}
