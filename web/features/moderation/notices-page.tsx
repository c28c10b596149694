import { AlertTriangle, Bell, CheckCircle2, Download } from 'lucide-react'
import { useCallback, useEffect, type ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { useDocumentTitle } from '../../lib/use-document-title'
import { usePagedList } from '../../lib/use-paged-list'
import { LoadMoreOf } from '../../ui/load-more'
import { EmptyState, ErrorState, Spinner } from '../../ui/states'
import {
  NOTICES_PATH,
  OUTCOME_TEXT,
  reasonLabel,
  targetNoun,
  targetPath,
  type Notice,
  type NoticePage,
} from './moderation-api'
import { useNoticeArrivals, useNotices } from './notices-context'
import { When } from './when'
import './moderation.css'

/** A notice's icon, headline and the line under it. */
function noticeText(notice: Notice): { icon: ReactNode; title: ReactNode; detail?: ReactNode } {
  switch (notice.kind) {
    case 'report_outcome': {
      const { report } = notice
      const noun = targetNoun(report.target.type)
      const path = report.outcome === 'removed' ? null : targetPath(report.target)
      return {
        icon: <CheckCircle2 size={20} aria-hidden="true" />,
        title: (
          <>
            Your report of a {path ? <Link to={path}>{noun}</Link> : noun} was{' '}
            {OUTCOME_TEXT[report.outcome]}.
          </>
        ),
        detail: `You reported it for: ${reasonLabel(report.reason)}. Thank you for helping keep this place friendly.`,
      }
    }
    case 'warning':
      return {
        icon: <AlertTriangle size={20} aria-hidden="true" />,
        title: 'A moderator has warned you',
        detail:
          notice.note ??
          'Something you posted or sent went against this community’s rules. Repeated problems may lead to a suspension.',
      }
    case 'export_ready':
      return {
        icon: <Download size={20} aria-hidden="true" />,
        title: 'Your data export is ready',
        detail: (
          <>
            <Link to="/settings/data">Download it from Settings → Your data</Link> before{' '}
            {new Date(notice.expires_at).toLocaleDateString()}.
          </>
        ),
      }
    default:
      return {
        icon: <Bell size={20} aria-hidden="true" />,
        title: 'A notice from this instance’s team',
      }
  }
}

function NoticeItem({ notice }: { notice: Notice }) {
  const unread = notice.read_at === null
  const { icon, title, detail } = noticeText(notice)
  return (
    <li className={`notice notice-${notice.kind}${unread ? ' notice-unread' : ''}`}>
      <span className="notice-icon">{icon}</span>
      <div className="notice-body">
        <p className="notice-title">{title}</p>
        {detail && <p className="notice-detail">{detail}</p>}
        <When iso={notice.created_at} className="notice-time" />
      </div>
      {unread && <span className="visually-hidden">(new)</span>}
    </li>
  )
}

/** Notices from the instance: outcomes of one's reports, warnings, exports ready. */
export function NoticesPage() {
  useDocumentTitle('Notices')
  const list = usePagedList<Notice, NoticePage>(NOTICES_PATH)
  const { markRead, refresh } = useNotices()
  const newest = list.items[0]?.id ?? null
  const anyUnread = list.items.some((n) => n.read_at === null)
  const { setItems } = list

  // A notice arriving while the page is open joins the top of the list.
  useNoticeArrivals(
    useCallback(
      (notice: Notice) =>
        setItems((items) => (items.some((n) => n.id === notice.id) ? items : [notice, ...items])),
      [setItems],
    ),
  )

  // What is on screen counts as read (the items keep their "new" mark until the next visit).
  useEffect(() => {
    if (list.status !== 'ready' || !newest || !anyUnread) return
    markRead(newest).catch(refresh)
  }, [list.status, newest, anyUnread, markRead, refresh])

  return (
    <div className="page notices-page">
      <h1>Notices</h1>
      <p className="notices-intro">
        What this Corkboard’s team tells you: the outcome of your reports, warnings, and your data
        exports.
      </p>
      {list.status === 'loading' && <Spinner label="Loading notices" />}
      {list.status === 'error' && <ErrorState message={list.error} onRetry={list.reload} />}
      {list.status === 'ready' && list.items.length === 0 && (
        <EmptyState icon={<Bell size={28} aria-hidden="true" />} title="No notices yet">
          When a moderator looks at something you reported, you will read the outcome here.
        </EmptyState>
      )}
      {list.items.length > 0 && (
        <ul className="notices" aria-label="Notices">
          {list.items.map((notice) => (
            <NoticeItem key={notice.id} notice={notice} />
          ))}
        </ul>
      )}
      <LoadMoreOf list={list} />
    </div>
  )
}
