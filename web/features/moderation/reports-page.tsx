import { Flag, Inbox } from 'lucide-react'
import { useState } from 'react'
import { Link, useSearchParams } from 'react-router-dom'
import { useAccount } from '../../app/session'
import { messageOf } from '../../lib/api'
import { usePagedList } from '../../lib/use-paged-list'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { LoadMoreOf } from '../../ui/load-more'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { Tabs } from '../../ui/tabs'
import { useToast } from '../../ui/toast'
import { AdminLayout } from '../admin/admin-layout'
import {
  actOnReport,
  adminReportsPath,
  reasonLabel,
  setSuspended,
  targetNoun,
  type AdminReport,
  type ModerationAction,
  type ReportOutcome,
} from './moderation-api'
import { ActionDialog } from './report-actions'
import { ReportContentView } from './report-content'
import { When } from './when'
import './moderation.css'

const OUTCOME_LABEL: Record<ReportOutcome, string> = {
  dismissed: 'Dismissed',
  removed: 'Removed',
  warned: 'Warned',
  suspended: 'Suspended',
}

const sameTarget = (a: AdminReport, b: AdminReport) =>
  a.target.type === b.target.type && a.target.id === b.target.id

function ReportCard({
  report,
  onResolved,
  onChanged,
}: {
  report: AdminReport
  onResolved: (report: AdminReport) => void
  onChanged: (report: AdminReport) => void
}) {
  const me = useAccount()
  const toast = useToast()
  const [action, setAction] = useState<ModerationAction | null>(null)
  const [busy, setBusy] = useState(false)
  const noun = targetNoun(report.target.type)
  const target = report.target_user
  const headingId = `report-${report.id}`
  const open = report.status === 'open'
  const canSuspend = target !== null && !target.suspended && target.username !== me.username

  const unsuspend = async () => {
    if (!target) return
    setBusy(true)
    try {
      await setSuspended(target.username, false, null)
      toast.show(`@${target.username} is no longer suspended`)
      onChanged({ ...report, target_user: { ...target, suspended: false } })
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <article className="report-card" aria-labelledby={headingId}>
      <header className="report-card-head">
        <h2 id={headingId}>
          <Flag size={16} aria-hidden="true" /> A {noun}, reported for {reasonLabel(report.reason)}
        </h2>
        {open ? (
          report.other_open_reports > 0 && (
            <span className="badge badge-report">
              +{report.other_open_reports} other{' '}
              {report.other_open_reports === 1 ? 'report' : 'reports'}
            </span>
          )
        ) : (
          <span className={`badge badge-outcome outcome-${report.outcome ?? 'none'}`}>
            {report.outcome ? OUTCOME_LABEL[report.outcome] : 'Closed'}
          </span>
        )}
      </header>
      <p className="report-byline">
        <Avatar username={report.reporter.username} src={report.reporter.profile_image} size={24} />
        <span>
          By <Link to={`/u/${report.reporter.username}`}>@{report.reporter.username}</Link>,{' '}
          <When iso={report.created_at} />
          {report.resolved_at && (
            <>
              {' '}
              · closed <When iso={report.resolved_at} />
            </>
          )}
        </span>
      </p>
      {report.note && (
        <blockquote className="report-note">
          <p>{report.note}</p>
        </blockquote>
      )}
      <div className="report-content">
        <ReportContentView content={report.content} />
      </div>
      {target && (
        <p className="report-target-user">
          {report.target.type === 'user' ? 'Account' : 'Posted by'}{' '}
          <Link to={`/u/${target.username}`}>@{target.username}</Link>
          {target.suspended && <span className="badge badge-suspended">Suspended</span>}
        </p>
      )}
      {(open || target?.suspended) && (
        <div className="report-actions" role="group" aria-label="Moderation actions">
          {open && (
            <>
              <Button size="sm" onClick={() => setAction('dismiss')}>
                Dismiss
              </Button>
              {report.target.type !== 'user' && (
                <Button size="sm" variant="danger" onClick={() => setAction('remove')}>
                  Remove {noun}
                </Button>
              )}
              {target && target.username !== me.username && (
                <Button size="sm" onClick={() => setAction('warn')}>
                  Warn
                </Button>
              )}
              {canSuspend && (
                <Button size="sm" variant="danger" onClick={() => setAction('suspend')}>
                  Suspend
                </Button>
              )}
            </>
          )}
          {target?.suspended && (
            <Button size="sm" busy={busy} onClick={() => void unsuspend()}>
              Unsuspend @{target.username}
            </Button>
          )}
        </div>
      )}
      <ActionDialog
        report={report}
        action={action}
        onClose={() => setAction(null)}
        run={async (chosen, note) => {
          const closed = await actOnReport(report.id, chosen, note)
          toast.show(`Report closed: ${OUTCOME_LABEL[closed.outcome ?? 'dismissed'].toLowerCase()}`)
          onResolved(closed)
        }}
      />
    </article>
  )
}

/** The moderation queue: open reports oldest first, each with its content in context. */
export function ReportsPage() {
  const [params] = useSearchParams()
  const status = params.get('status') === 'closed' ? 'closed' : 'open'
  const list = usePagedList<AdminReport>(adminReportsPath(status), 20)
  const { setItems } = list

  return (
    <AdminLayout title="Reports">
      <div className="reports-tabs">
        <Tabs
          label="Reports"
          tabs={[
            { label: 'Open', to: '/admin/reports', active: status === 'open' },
            { label: 'Closed', to: '/admin/reports?status=closed', active: status === 'closed' },
          ]}
        />
      </div>
      {list.status === 'loading' && <Spinner label="Loading reports" />}
      {list.status === 'error' && <ErrorState message={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState icon={<Inbox size={28} aria-hidden="true" />} title="Nothing to review">
          {status === 'open'
            ? 'No open reports. When someone reports a pin, board, profile or message, it shows up here.'
            : 'No report has been closed yet.'}
        </EmptyState>
      )}
      <div className="report-list">
        {list.items.map((report) => (
          <ReportCard
            key={report.id}
            report={report}
            onChanged={(changed) =>
              setItems((items) => items.map((r) => (r.id === changed.id ? changed : r)))
            }
            onResolved={(closed) =>
              // the action closed every open report of the same target
              setItems((items) =>
                status === 'open'
                  ? items.filter((r) => !sameTarget(r, closed))
                  : items.map((r) => (r.id === closed.id ? closed : r)),
              )
            }
          />
        ))}
      </div>
      <LoadMoreOf list={list} />
    </AdminLayout>
  )
}
