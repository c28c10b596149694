import { ScrollText } from 'lucide-react'
import { Link } from 'react-router-dom'
import { usePagedList } from '../../lib/use-paged-list'
import { LoadMoreOf } from '../../ui/load-more'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import { AdminLayout } from '../admin/admin-layout'
import { AUDIT_PATH, targetNoun, targetPath, type AuditEntry } from './moderation-api'
import { When } from './when'
import './moderation.css'

const ACTION_LABEL: Record<string, string> = {
  dismiss: 'Dismissed a report',
  remove: 'Removed content',
  warn: 'Warned',
  suspend: 'Suspended',
  unsuspend: 'Unsuspended',
  settings: 'Changed settings',
  grant: 'Granted a role',
  revoke: 'Revoked a role',
}

function actionLabel(action: string): string {
  return ACTION_LABEL[action] ?? action.replace(/_/g, ' ')
}

function TargetCell({ entry }: { entry: AuditEntry }) {
  const { target, target_user: user } = entry
  const parts = []
  if (target) {
    const noun = targetNoun(target.type)
    // removed things are gone: their id is all there is to show
    const path = entry.action === 'remove' ? null : targetPath(target)
    parts.push(
      <span key="target">
        {path ? <Link to={path}>{noun}</Link> : noun} <span className="audit-id">#{target.id}</span>
      </span>,
    )
  }
  if (user) {
    parts.push(
      <span key="user">
        {target ? ' of ' : ''}
        <Link to={`/u/${user.username}`}>@{user.username}</Link>
      </span>,
    )
  }
  return parts.length ? <span>{parts}</span> : <span className="audit-none">—</span>
}

function DetailCell({ entry }: { entry: AuditEntry }) {
  return (
    <div>
      {entry.note ? <span className="audit-note">{entry.note}</span> : null}
      {entry.report_id && <span className="audit-id"> Report #{entry.report_id}</span>}
      {entry.detail && (
        <details className="audit-detail">
          <summary>Details</summary>
          <pre>{JSON.stringify(entry.detail, null, 2)}</pre>
        </details>
      )}
      {!entry.note && !entry.report_id && !entry.detail && <span className="audit-none">—</span>}
    </div>
  )
}

/** Every moderation action and settings change: who, what, why, newest first. */
export function AuditPage() {
  const list = usePagedList<AuditEntry>(AUDIT_PATH, 50)
  return (
    <AdminLayout title="Audit log">
      {list.status === 'loading' && <Spinner label="Loading the audit log" />}
      {list.status === 'error' && <ErrorState message={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState icon={<ScrollText size={28} aria-hidden="true" />} title="Nothing yet">
          Each moderation action and each change of this instance’s settings is written here.
        </EmptyState>
      )}
      {list.items.length > 0 && (
        <table className="audit-table">
          <caption className="visually-hidden">Audit log, newest first</caption>
          <thead>
            <tr>
              <th scope="col">When</th>
              <th scope="col">Who</th>
              <th scope="col">Action</th>
              <th scope="col">On</th>
              <th scope="col">Why and details</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((entry) => (
              <tr key={entry.id}>
                <td data-label="When">
                  <When iso={entry.created_at} />
                </td>
                <td data-label="Who">
                  {entry.actor ? (
                    <Link to={`/u/${entry.actor.username}`}>@{entry.actor.username}</Link>
                  ) : (
                    <span className="audit-shell">the shell</span>
                  )}
                </td>
                <td data-label="Action">{actionLabel(entry.action)}</td>
                <td data-label="On">
                  <TargetCell entry={entry} />
                </td>
                <td data-label="Why">
                  <DetailCell entry={entry} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <LoadMoreOf list={list} />
    </AdminLayout>
  )
}
