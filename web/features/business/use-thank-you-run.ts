import { useCallback, useEffect, useState } from 'react'
import type { ThankYouRun } from '../../../protocol/brands'
import { messageOf } from '../../lib/api'
import { useMessagesStore } from '../messages/messages-context'
import { latestRun } from './business-api'

interface State {
  promotionId: string
  run: ThankYouRun | null
  status: 'loading' | 'ready' | 'error'
  error: string | null
}

/** How far a run has got: the participants handled so far. */
export const handled = (run: ThankYouRun) => run.total - run.remaining

/**
 * Whether `next` should replace `current`: a newer run does; for the same run, an event that
 * handled fewer people is an older one arriving late (a pause or resume handles none).
 */
export function isNewer(current: ThankYouRun | null, next: ThankYouRun): boolean {
  if (!current) return true
  if (current.id !== next.id) return next.created_at >= current.created_at
  return handled(next) >= handled(current)
}

/**
 * A promotion's latest thank-you run, kept live: fetched, then moved on by the stream's
 * `promotion.run` events, and fetched again whenever the stream was away (events are not
 * replayed on reconnect).
 */
export function useThankYouRun(promotionId: string) {
  const store = useMessagesStore()
  const [state, setState] = useState<State>({
    promotionId,
    run: null,
    status: 'loading',
    error: null,
  })
  const current: State =
    state.promotionId === promotionId
      ? state
      : { promotionId, run: null, status: 'loading', error: null }

  const accept = useCallback(
    (run: ThankYouRun | null) =>
      setState((s) => {
        const base = s.promotionId === promotionId ? s : { ...s, promotionId, run: null }
        if (run && run.promotion_id !== promotionId) return base
        const keep = run === null ? base.run : isNewer(base.run, run) ? run : base.run
        return { promotionId, run: keep, status: 'ready', error: null }
      }),
    [promotionId],
  )

  useEffect(() => {
    let live = true
    const fetchRun = () => {
      latestRun(promotionId).then(
        (run) => {
          if (live) accept(run)
        },
        (err: unknown) => {
          if (!live) return
          setState((s) =>
            s.promotionId === promotionId && s.status === 'ready'
              ? s
              : { promotionId, run: null, status: 'error', error: messageOf(err) },
          )
        },
      )
    }
    fetchRun()
    const stream = store.live
    const offs = [
      stream.on('promotion.run', (event) => {
        if (event.run.promotion_id === promotionId) accept(event.run)
      }),
      stream.onSync(fetchRun),
      stream.onState((connection) => {
        if (connection === 'online') fetchRun()
      }),
    ]
    return () => {
      live = false
      for (const off of offs) off()
    }
  }, [store, promotionId, accept])

  return { ...current, accept }
}
