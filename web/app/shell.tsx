import { Bell, Briefcase, LogOut, Plus, Settings, ShieldCheck, User } from 'lucide-react'
import { Link, NavLink, Outlet, useLocation, useNavigate } from 'react-router-dom'
import { MyBoardsProvider } from '../features/boards/my-boards'
import { ConnectionBanner } from '../features/messages/connection-banner'
import { MessagesButton } from '../features/messages/messages-button'
import { MessagesProvider } from '../features/messages/messages-context'
import { NoticesButton } from '../features/moderation/notices-button'
import { NoticesProvider } from '../features/moderation/notices-context'
import { SearchBox } from '../features/search/search-box'
import { Avatar } from '../ui/avatar'
import { ButtonLink } from '../ui/button'
import { Logo } from '../ui/logo'
import { Menu } from '../ui/menu'
import { useToast } from '../ui/toast'
import { messageOf } from '../lib/api'
import { BootFrame } from './boot-frame'
import { useAccount, useSession } from './session'
import './shell.css'

function ProfileMenu() {
  const account = useAccount()
  const { signOut } = useSession()
  const navigate = useNavigate()
  const toast = useToast()
  const name = account.business_name || account.username

  return (
    <Menu
      label="Your account"
      triggerClassName="avatar-button"
      trigger={<Avatar username={account.username} src={account.profile_image} size={32} />}
      header={
        <Link to={`/u/${account.username}`} className="menu-header">
          <Avatar username={account.username} src={account.profile_image} size={48} />
          <span>
            <strong>{name}</strong>
            <small>@{account.username}</small>
          </span>
        </Link>
      }
      items={[
        { label: 'Your profile', icon: <User size={18} />, to: `/u/${account.username}` },
        ...(account.account_type === 'BUSINESS'
          ? [{ label: 'Business', icon: <Briefcase size={18} />, to: '/business' }]
          : []),
        // the header's bell folds away on phones while nothing is unread: Notices stays here
        { label: 'Notices', icon: <Bell size={18} />, to: '/notices' },
        { label: 'Settings', icon: <Settings size={18} />, to: '/settings' },
        // the instance's team: the reports queue (the server checks the role on every request)
        ...(account.role
          ? [{ label: 'Admin', icon: <ShieldCheck size={18} />, to: '/admin/reports' }]
          : []),
        {
          label: 'Log out',
          icon: <LogOut size={18} />,
          onSelect: () => {
            signOut().then(
              () => navigate('/login'),
              (err: unknown) => toast.show(messageOf(err), { tone: 'error' }),
            )
          },
        },
      ]}
    />
  )
}

function SignedOutActions() {
  const location = useLocation()
  const from = { from: location.pathname + location.search }
  return (
    <div className="header-guest">
      <ButtonLink to="/login" state={from} variant="primary">
        Log in
      </ButtonLink>
      <ButtonLink to="/signup" state={from} className="header-signup">
        Sign up
      </ButtonLink>
    </div>
  )
}

/** The frame of every screen but log-in and sign-up: a sticky header over the page. */
export function Shell() {
  const { status, account } = useSession()
  if (status === 'loading') return <BootFrame />

  const frame = (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="app-header">
        <Link to="/" className="header-logo" aria-label="Corkboard home">
          <Logo />
        </Link>
        {account ? (
          <>
            <nav className="header-nav" aria-label="Main">
              <NavLink
                to="/"
                end
                className={({ isActive }) => `nav-pill${isActive ? ' active' : ''}`}
              >
                Home
              </NavLink>
              <NavLink
                to="/pin-builder"
                className={({ isActive }) => `nav-pill${isActive ? ' active' : ''}`}
              >
                Create
              </NavLink>
              {account.account_type === 'BUSINESS' && (
                <NavLink
                  to="/business"
                  className={({ isActive }) => `nav-pill${isActive ? ' active' : ''}`}
                >
                  Business
                </NavLink>
              )}
            </nav>
            <SearchBox />
            <Link to="/pin-builder" className="icon-btn icon-btn-plain icon-btn-md header-create">
              <Plus size={24} aria-hidden="true" />
              <span className="visually-hidden">Create a pin</span>
            </Link>
            <MessagesButton />
            <NoticesButton />
            <ProfileMenu />
          </>
        ) : (
          <>
            <div className="spacer" />
            <SignedOutActions />
          </>
        )}
      </header>
      {account && <ConnectionBanner />}
      <main id="main" className="app-main" tabIndex={-1}>
        <Outlet />
      </main>
    </>
  )
  return account ? (
    <MyBoardsProvider userId={account.id}>
      <MessagesProvider key={account.id} userId={account.id} username={account.username}>
        <NoticesProvider>{frame}</NoticesProvider>
      </MessagesProvider>
    </MyBoardsProvider>
  ) : (
    frame
  )
}
