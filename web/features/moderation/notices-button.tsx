import { Bell } from 'lucide-react'
import { NavLink } from 'react-router-dom'
import { useNotices } from './notices-context'
import './moderation.css'

/**
 * The header's bell: the notices page, with the number not read yet. On phones it shows only
 * while something is unread (the header is narrow; the account menu has Notices too).
 */
export function NoticesButton() {
  const { unread } = useNotices()
  const label = unread > 0 ? `Notices, ${unread} unread` : 'Notices'
  return (
    <NavLink
      to="/notices"
      className={({ isActive }) =>
        `icon-btn icon-btn-plain icon-btn-md notices-button${isActive ? ' active' : ''}${unread > 0 ? ' has-unread' : ''}`
      }
      aria-label={label}
      title="Notices"
    >
      <Bell size={22} aria-hidden="true" />
      {unread > 0 && (
        <span className="header-badge" aria-hidden="true">
          {unread > 99 ? '99+' : unread}
        </span>
      )}
    </NavLink>
  )
}
