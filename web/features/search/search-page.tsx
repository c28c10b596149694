import { LayoutGrid, Search, Users } from 'lucide-react'
import { useEffect, useState } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router-dom'
import type { Pin } from '../../../protocol/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { usePagedList } from '../../lib/use-paged-list'
import { Button, ButtonLink } from '../../ui/button'
import { EmptyState } from '../../ui/states'
import { Tabs } from '../../ui/tabs'
import { PinGrid } from '../pins/pin-grid'
import { GuideChips } from './guide-chips'
import { BoardResults, PeopleResults } from './other-results'
import {
  parseGuides,
  pinSearchPath,
  searchPath,
  type PinSearchPage,
  type SearchTab,
} from './search-api'
import './search.css'

function tabOf(param: string | null): SearchTab {
  return param === 'boards' || param === 'people' ? param : 'pins'
}

/** /search?q=…&tab=…&guides=…: pins with guide chips, boards, or people. */
export function SearchPage() {
  const [params] = useSearchParams()
  const query = params.get('q')?.trim() ?? ''
  const tab = tabOf(params.get('tab'))
  const guides = parseGuides(params.get('guides'))
  // the words as written, even when they find nothing ("search instead for …")
  const exact = params.get('autocorrect') === 'off'
  useDocumentTitle(query ? `${[query, ...guides].join(' ')} – Search` : 'Search')
  // a query the pins tab corrected ("tnet" → "tent"): boards are searched by the correction too
  const [correction, setCorrection] = useState<{ query: string; to: string | null } | null>(null)
  const boardWords = (correction?.query === query && correction.to) || query

  if (!query) {
    return (
      <EmptyState icon={<Search size={28} />} title="Search for ideas">
        Type what you are looking for in the search box above: a tent, a soup, a balcony garden.
      </EmptyState>
    )
  }
  return (
    <div className="page page-wide search-page">
      <h1 className="visually-hidden">Search results for {query}</h1>
      <Tabs
        label="What to search"
        tabs={[
          { label: 'Pins', to: searchPath(query, { guides, exact }), active: tab === 'pins' },
          {
            label: 'Boards',
            to: searchPath(boardWords, { tab: 'boards' }),
            active: tab === 'boards',
          },
          { label: 'People', to: searchPath(query, { tab: 'people' }), active: tab === 'people' },
        ]}
      />
      {tab === 'pins' && (
        <PinResults query={query} guides={guides} exact={exact} onCorrected={setCorrection} />
      )}
      {tab === 'boards' && <BoardResults query={query} />}
      {tab === 'people' && <PeopleResults query={query} />}
    </div>
  )
}

function PinResults({
  query,
  guides,
  exact,
  onCorrected,
}: {
  query: string
  guides: string[]
  exact: boolean
  /** the words these pins are for (`to`), when not those typed (`query`) */
  onCorrected: (correction: { query: string; to: string | null }) => void
}) {
  const navigate = useNavigate()
  const list = usePagedList<Pin, PinSearchPage>(pinSearchPath(query, guides, exact))
  // While the results of a new chip load, the chips offered so far stay (dimmed) in place.
  const [kept, setKept] = useState<{ query: string; page: PinSearchPage } | null>(null)
  if (list.firstPage && list.firstPage !== kept?.page) setKept({ query, page: list.firstPage })
  const offered = list.firstPage ?? (kept?.query === query ? kept.page : null)
  // the words these pins are for: as typed, or their correction
  const corrected = offered?.corrected_query ?? null
  const shown = corrected ?? query
  useEffect(() => onCorrected({ query, to: corrected }), [query, corrected, onCorrected])
  const refine = (next: string[]) => navigate(searchPath(shown, { guides: next, exact }))
  const last = guides[guides.length - 1]

  return (
    <>
      {corrected !== null && (
        <p className="search-correction">
          Showing results for{' '}
          <Link to={searchPath(corrected, { guides })}>
            <strong>{corrected}</strong>
          </Link>
          <span aria-hidden="true"> — </span>
          <span className="search-instead">
            search instead for <Link to={searchPath(query, { guides, exact: true })}>{query}</Link>
          </span>
        </p>
      )}
      <GuideChips
        chosen={guides}
        offered={offered?.guides ?? []}
        stale={list.status === 'loading'}
        onAdd={(term) => refine([...guides, term])}
        onRemove={(term) => refine(guides.filter((g) => g !== term))}
      />
      <PinGrid
        list={list}
        label={`Pins for ${[shown, ...guides].join(', ')}`}
        empty={
          last ? (
            <EmptyState
              icon={<Search size={28} />}
              title="No pins match all of these"
              action={<Button onClick={() => refine(guides.slice(0, -1))}>Remove “{last}”</Button>}
            >
              Every chip you pick narrows the results. Take one away to see more.
            </EmptyState>
          ) : (
            <EmptyState
              icon={<Search size={28} />}
              title={`No pins for “${query}”`}
              action={
                <>
                  <ButtonLink
                    to={searchPath(query, { tab: 'boards' })}
                    icon={<LayoutGrid size={18} />}
                  >
                    Boards
                  </ButtonLink>
                  <ButtonLink to={searchPath(query, { tab: 'people' })} icon={<Users size={18} />}>
                    People
                  </ButtonLink>
                </>
              }
            >
              Try fewer or different words, or look for boards and people by that name.
            </EmptyState>
          )
        }
      />
    </>
  )
}
