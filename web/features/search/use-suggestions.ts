import { useEffect, useState } from 'react'
import type { Board, UserSummary } from '../../../protocol/api'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { searchBoards, searchPeople, searchPins, type Guide } from './search-api'

export interface Suggestions {
  /** the text these were fetched for */
  query: string
  guides: Guide[]
  boards: Board[]
  people: UserSummary[]
}

const GUIDES = 4
const BOARDS = 3
const PEOPLE = 3

/**
 * What to suggest under the header's search box, fetched once typing pauses (150 ms).
 * The last answer stays while the next one loads, so the list does not flicker; a part that
 * fails is left out rather than failing the rest.
 */
export function useSuggestions(query: string): Suggestions | null {
  const settled = useDebouncedValue(query.trim(), 150)
  const [result, setResult] = useState<Suggestions | null>(null)

  useEffect(() => {
    if (!settled) return
    const controller = new AbortController()
    const { signal } = controller
    void Promise.allSettled([
      searchPins(settled, [], 1, signal),
      searchBoards(settled, BOARDS, signal),
      searchPeople(settled, PEOPLE, signal),
    ]).then(([pins, boards, people]) => {
      if (signal.aborted) return
      setResult({
        query: settled,
        guides: pins.status === 'fulfilled' ? pins.value.guides.slice(0, GUIDES) : [],
        boards: boards.status === 'fulfilled' ? boards.value.items.slice(0, BOARDS) : [],
        people: people.status === 'fulfilled' ? people.value.items.slice(0, PEOPLE) : [],
      })
    })
    return () => controller.abort()
  }, [settled])

  return query.trim() ? result : null
}
