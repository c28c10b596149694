import { useEffect, useState } from 'react'
import type { Board, UserSummary } from '../../../protocol/api'
import { useDebouncedValue } from '../../lib/use-debounced-value'
import { searchBoards, searchCompletions, searchPeople, type Completion } from './search-api'

export interface Suggestions {
  /** the text these were fetched for */
  query: string
  /** the word being typed completed ("ten" → "tent"); after a whole word, its refinements */
  searches: Completion[]
  boards: Board[]
  people: UserSummary[]
}

const BOARDS = 3
const PEOPLE = 3

/**
 * What to suggest under the header's search box, fetched once typing pauses (150 ms): searches
 * completing what is typed, boards and people. The text is kept as typed (a space at its end
 * says the last word is whole). The last answer stays while the next one loads, so the list
 * does not flicker; a part that fails is left out rather than failing the rest.
 */
export function useSuggestions(query: string): Suggestions | null {
  const settled = useDebouncedValue(query.trim() ? query.trimStart() : '', 150)
  const [result, setResult] = useState<Suggestions | null>(null)

  useEffect(() => {
    const words = settled.trim()
    if (!words) return
    const controller = new AbortController()
    const { signal } = controller
    void Promise.allSettled([
      searchCompletions(settled, signal),
      searchBoards(words, BOARDS, signal),
      searchPeople(words, PEOPLE, signal),
    ]).then(([searches, boards, people]) => {
      if (signal.aborted) return
      setResult({
        query: settled,
        searches: searches.status === 'fulfilled' ? searches.value.items : [],
        boards: boards.status === 'fulfilled' ? boards.value.items.slice(0, BOARDS) : [],
        people: people.status === 'fulfilled' ? people.value.items.slice(0, PEOPLE) : [],
      })
    })
    return () => controller.abort()
  }, [settled])

  return query.trim() ? result : null
}
