import { Search } from 'lucide-react'
import { useSearchParams } from 'react-router-dom'
import type { Pin } from '../../../protocol/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { usePagedList } from '../../lib/use-paged-list'
import { EmptyState } from '../../ui/states'
import { PinGrid } from '../pins/pin-grid'

/** Pin search results; says so plainly while the server has no search yet. */
export function SearchPage() {
  const [params] = useSearchParams()
  const query = params.get('q')?.trim() ?? ''
  useDocumentTitle(query ? `Search: ${query}` : 'Search')
  const results = usePagedList<Pin>(
    query ? `/v5/search/pins?query=${encodeURIComponent(query)}` : null,
  )

  if (!query) {
    return (
      <EmptyState icon={<Search size={28} />} title="Search for ideas">
        Type what you are looking for in the search box above.
      </EmptyState>
    )
  }
  if (results.status === 'error' && results.errorStatus === 404) {
    return (
      <EmptyState icon={<Search size={28} />} title="Search is on its way">
        This Corkboard server cannot search pins yet. Meanwhile, browse the boards of people you
        follow.
      </EmptyState>
    )
  }
  return (
    <div className="page page-wide">
      <h1 className="page-title">
        Results for “<span>{query}</span>”
      </h1>
      <PinGrid
        list={results}
        label={`Search results for ${query}`}
        empty={
          <EmptyState icon={<Search size={28} />} title="No pins found">
            Try fewer or different words.
          </EmptyState>
        }
      />
    </div>
  )
}
