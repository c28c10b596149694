import { Pause, Play } from 'lucide-react'
import type { SkipReason, ThankYouRun } from '../../../protocol/brands'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { FormError } from '../../ui/states'
import { SKIP_TEXT, setRunPaused, shortDate } from './business-api'
import { handled } from './use-thank-you-run'

const STATUS_TEXT: Record<ThankYouRun['status'], string> = {
  running: 'Sending',
  paused: 'Paused',
  done: 'Done',
}

const skippedTotal = (run: ThankYouRun) => Object.values(run.skipped).reduce((sum, n) => sum + n, 0)

/** A thank-you run as it goes: sent, skipped by reason, remaining, a bar, pause and resume. */
export function RunProgress({
  run,
  onChange,
}: {
  run: ThankYouRun
  onChange: (run: ThankYouRun) => void
}) {
  const { busy, error, run: act } = useAction()
  const done = handled(run)
  const percent = run.total ? Math.round((done / run.total) * 100) : 100
  const skipped = skippedTotal(run)
  const reasons = (Object.keys(run.skipped) as SkipReason[]).filter((r) => run.skipped[r] > 0)
  const toggle = () =>
    void act(async () => onChange(await setRunPaused(run, run.status === 'running')))

  return (
    <section className="biz-card run-card" aria-labelledby="run-heading">
      <div className="run-head">
        <h3 id="run-heading">Thank-you run</h3>
        <span className={`run-status run-${run.status}`}>{STATUS_TEXT[run.status]}</span>
      </div>
      <div
        className="progress"
        role="progressbar"
        aria-label="Participants handled"
        aria-valuemin={0}
        aria-valuemax={run.total}
        aria-valuenow={done}
        aria-valuetext={`${done} of ${run.total}`}
      >
        <span className={`progress-fill run-${run.status}`} style={{ width: `${percent}%` }} />
      </div>
      <dl className="run-figures" aria-live="polite">
        <div>
          <dt>Sent</dt>
          <dd data-figure="sent">{run.sent}</dd>
        </div>
        <div>
          <dt>Skipped</dt>
          <dd data-figure="skipped">{skipped}</dd>
        </div>
        <div>
          <dt>Remaining</dt>
          <dd data-figure="remaining">{run.remaining}</dd>
        </div>
      </dl>
      {reasons.length > 0 && (
        <ul className="skip-reasons" aria-label="Skipped, by reason">
          {reasons.map((r) => (
            <li key={r}>
              <strong>{run.skipped[r]}</strong> {SKIP_TEXT[r]}
            </li>
          ))}
        </ul>
      )}
      <p className="muted small">
        {run.status === 'done'
          ? `Finished${run.finished_at ? ` ${shortDate(run.finished_at)}` : ''}: ${done} of ${run.total} handled.`
          : run.status === 'paused'
            ? 'Paused: nobody else is messaged until you resume.'
            : `${done} of ${run.total} handled, one message at a time.`}
      </p>
      <FormError message={error} />
      {run.status !== 'done' && (
        <Button
          busy={busy}
          icon={
            run.status === 'running' ? (
              <Pause size={18} aria-hidden="true" />
            ) : (
              <Play size={18} aria-hidden="true" />
            )
          }
          onClick={toggle}
        >
          {run.status === 'running' ? 'Pause' : 'Resume'}
        </Button>
      )}
    </section>
  )
}
