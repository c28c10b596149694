import { ArrowLeft } from 'lucide-react'
import { useEffect, useRef } from 'react'
import { Link, useParams } from 'react-router-dom'
import type { Participant, Promotion } from '../../../protocol/brands'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useResource } from '../../lib/use-resource'
import { ErrorState, Spinner } from '../../ui/states'
import { NotFoundPage } from '../../app/not-found-page'
import { COUNTS_TEXT, businessPath, dateSpan } from './business-api'
import { PinThumb, useOwnPins } from './own-pins'
import { ParticipantList } from './participants'
import { promotionPhase } from './promotions-tab'
import { RunProgress } from './run-progress'
import { ThankYouComposer } from './thank-you-composer'
import { useBookmarkList } from './use-bookmark-list'
import { useThankYouRun } from './use-thank-you-run'

const participantKey = (p: Participant) => p.user.username

/** One promotion: who took part and whether they may be messaged, the thank-you and its run. */
export function PromotionDetail() {
  const { promotionId = '' } = useParams()
  const promotion = useResource<Promotion>(`/v5/promotions/${promotionId}`)
  useDocumentTitle(promotion.data?.name ?? 'Promotion')
  if (promotion.notFound) return <NotFoundPage />
  if (promotion.status === 'error') {
    return <ErrorState message={promotion.error} onRetry={promotion.reload} />
  }
  if (!promotion.data) return <Spinner label="Loading the promotion" />
  return <PromotionView key={promotion.data.id} promotion={promotion.data} />
}

function PromotionView({ promotion }: { promotion: Promotion }) {
  const own = useOwnPins()
  const participants = useBookmarkList<Participant>(
    `/v5/promotions/${promotion.id}/participants`,
    participantKey,
  )
  const run = useThankYouRun(promotion.id)
  const phase = promotionPhase(promotion)
  const pin = own.byId.get(promotion.pin_id)
  const { refresh } = participants

  // "Thanked …" shows on each row as the run sends (and once it stops: done, or paused).
  const settled = run.run ? `${run.run.id}:${run.run.status}:${run.run.sent}` : null
  const lastSettled = useRef(settled)
  useEffect(() => {
    if (settled && settled !== lastSettled.current) refresh()
    lastSettled.current = settled
  }, [settled, refresh])

  const current = run.run
  const composing = run.status === 'ready' && (!current || current.status === 'done')

  return (
    <div className="promo-detail">
      <Link to={businessPath} className="back-link">
        <ArrowLeft size={16} aria-hidden="true" /> All promotions
      </Link>
      <header className="promo-head">
        <PinThumb pin={pin} size={72} />
        <div>
          <h2>{promotion.name}</h2>
          <p className="muted">
            {dateSpan(promotion.start_date, promotion.end_date)} · {COUNTS_TEXT[promotion.counts]}{' '}
            <span className={`phase phase-${phase.key}`}>{phase.text}</span>
          </p>
          {pin && (
            <Link to={`/pin/${pin.id}`} className="small">
              View the pin
            </Link>
          )}
        </div>
      </header>
      <div className="promo-grid">
        <aside className="promo-side" aria-label="Thank-you">
          {run.status === 'loading' && <Spinner label="Loading the thank-you run" />}
          {run.status === 'error' && <ErrorState message={run.error} />}
          {current && <RunProgress run={current} onChange={run.accept} />}
          {composing && (
            <ThankYouComposer
              promotion={promotion}
              pins={own.pins}
              participants={participants.items}
              allLoaded={participants.status === 'ready' && !participants.hasMore}
              again={current !== null}
              onStarted={run.accept}
            />
          )}
        </aside>
        <section className="promo-main" aria-labelledby="participants-heading">
          <h3 id="participants-heading">
            Participants
            {participants.status === 'ready' && (
              <span className="count">
                {participants.items.length}
                {participants.hasMore ? '+' : ''}
              </span>
            )}
          </h3>
          <ParticipantList list={participants} />
        </section>
      </div>
    </div>
  )
}
