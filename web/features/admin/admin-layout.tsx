import { ShieldAlert } from 'lucide-react'
import type { ReactNode } from 'react'
import { useAccount } from '../../app/session'
import { useDocumentTitle } from '../../lib/use-document-title'
import { EmptyState } from '../../ui/states'
import { Tabs } from '../../ui/tabs'
import './admin.css'

/** What someone without a role sees at /admin/…: why not. */
function NotStaff() {
  useDocumentTitle('Admins and moderators only')
  return (
    <EmptyState
      icon={<ShieldAlert size={28} aria-hidden="true" />}
      title="For this instance's team"
    >
      These pages are for the people who run this Corkboard: its admins and moderators. To report
      something, use the ⋯ menu on the pin, board, profile or message.
    </EmptyState>
  )
}

/**
 * The frame of every /admin page: its heading, and tabs for what the person's role allows
 * (Settings is for admins only). Renders `children` only for admins and moderators;
 * `adminOnly` pages refuse moderators too. The server checks every request again.
 */
export function AdminLayout({
  title,
  adminOnly = false,
  children,
}: {
  title: string
  adminOnly?: boolean
  children: ReactNode
}) {
  const account = useAccount()
  useDocumentTitle(`${title} · Admin`)
  if (!account.role || (adminOnly && account.role !== 'admin')) return <NotStaff />
  const tabs = [
    { label: 'Reports', to: '/admin/reports' },
    { label: 'Audit log', to: '/admin/audit' },
    ...(account.role === 'admin' ? [{ label: 'Settings', to: '/admin/settings' }] : []),
  ]
  return (
    <div className="page admin">
      <header className="admin-head">
        <h1>Admin</h1>
        <Tabs label="Admin" tabs={tabs} />
      </header>
      <section className="admin-body" aria-label={title}>
        {children}
      </section>
    </div>
  )
}
