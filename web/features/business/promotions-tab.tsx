import { Megaphone, Plus } from 'lucide-react'
import { useState } from 'react'
import { Link, useNavigate } from 'react-router-dom'
import type { Promotion } from '../../../protocol/brands'
import { useDocumentTitle } from '../../lib/use-document-title'
import { usePagedList } from '../../lib/use-paged-list'
import { Button } from '../../ui/button'
import { LoadMore } from '../../ui/load-more'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { COUNTS_TEXT, dateSpan, daysAgo, promotionPath } from './business-api'
import { PinThumb, useOwnPins } from './own-pins'
import { PromotionForm } from './promotion-form'

/** Upcoming, live or ended, by today's UTC date. */
export function promotionPhase(p: Pick<Promotion, 'start_date' | 'end_date'>) {
  const today = daysAgo(0)
  if (today < p.start_date) return { key: 'upcoming', text: 'Upcoming' } as const
  if (today > p.end_date) return { key: 'ended', text: 'Ended' } as const
  return { key: 'live', text: 'Live' } as const
}

export function PromotionsTab() {
  useDocumentTitle('Promotions')
  const navigate = useNavigate()
  const list = usePagedList<Promotion>('/v5/promotions')
  const own = useOwnPins()
  const [creating, setCreating] = useState(false)

  if (list.status === 'error') return <ErrorState message={list.error} onRetry={list.reload} />
  if (list.status === 'loading' || own.status === 'loading') return <Spinner />

  const form = (
    <PromotionForm
      pins={own.pins}
      onCreated={(p) => navigate(promotionPath(p.id))}
      onCancel={list.items.length ? () => setCreating(false) : undefined}
    />
  )

  if (list.items.length === 0) {
    return (
      <div className="biz-empty-with-form">
        <EmptyState icon={<Megaphone size={28} aria-hidden="true" />} title="No promotions yet">
          Name one of your pins and a window of days: everyone who saves it or sends it in a message
          then shows up here, and you can thank each of them in a 1:1 message.
        </EmptyState>
        {form}
      </div>
    )
  }

  return (
    <section aria-labelledby="promos-heading" className="biz-section">
      <div className="biz-section-head">
        <h2 id="promos-heading">Promotions</h2>
        {!creating && (
          <Button
            variant="primary"
            icon={<Plus size={18} aria-hidden="true" />}
            onClick={() => setCreating(true)}
          >
            New promotion
          </Button>
        )}
      </div>
      {creating && form}
      <ul className="promo-list">
        {list.items.map((p) => {
          const phase = promotionPhase(p)
          return (
            <li key={p.id}>
              <Link to={promotionPath(p.id)} className="promo-item">
                <PinThumb pin={own.byId.get(p.pin_id)} />
                <span className="promo-item-text">
                  <strong>{p.name}</strong>
                  <small>
                    {dateSpan(p.start_date, p.end_date)} · {COUNTS_TEXT[p.counts]}
                  </small>
                </span>
                <span className={`phase phase-${phase.key}`}>{phase.text}</span>
              </Link>
            </li>
          )
        })}
      </ul>
      <LoadMore
        hasMore={list.hasMore}
        loading={list.loadingMore}
        error={list.moreError}
        onMore={list.loadMore}
      />
    </section>
  )
}
