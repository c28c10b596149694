import {
  Bell,
  Briefcase,
  Database,
  KeyRound,
  Lock,
  Mail,
  MessageCircle,
  UserRound,
} from 'lucide-react'
import { NavLink, Route, Routes } from 'react-router-dom'
import { useDocumentTitle } from '../../lib/use-document-title'
import { BusinessSettings } from './business-settings'
import { EmailSettings } from './email-settings'
import { MessagePolicySettings } from './message-policy-settings'
import { NotificationSettings } from './notification-settings'
import { PasswordSettings } from './password-settings'
import { ProfileSettings } from './profile-settings'
import { TokenSettings } from './token-settings'
import { YourDataSettings } from './your-data'
import './settings.css'

const SECTIONS = [
  { to: '/settings', label: 'Profile', icon: <UserRound size={18} />, end: true },
  { to: '/settings/messages', label: 'Messages', icon: <MessageCircle size={18} /> },
  { to: '/settings/notifications', label: 'Notifications', icon: <Bell size={18} /> },
  { to: '/settings/email', label: 'Email', icon: <Mail size={18} /> },
  { to: '/settings/password', label: 'Password', icon: <Lock size={18} /> },
  { to: '/settings/tokens', label: 'Access tokens', icon: <KeyRound size={18} /> },
  { to: '/settings/business', label: 'Business account', icon: <Briefcase size={18} /> },
  { to: '/settings/data', label: 'Your data', icon: <Database size={18} /> },
]

export function SettingsPage() {
  useDocumentTitle('Settings')
  return (
    <div className="page settings">
      <nav className="settings-nav" aria-label="Settings">
        <h1>Settings</h1>
        {SECTIONS.map((section) => (
          <NavLink
            key={section.to}
            to={section.to}
            end={section.end}
            className={({ isActive }) => `settings-link${isActive ? ' active' : ''}`}
          >
            {section.icon}
            {section.label}
          </NavLink>
        ))}
      </nav>
      <div className="settings-body">
        <Routes>
          <Route index element={<ProfileSettings />} />
          <Route path="messages" element={<MessagePolicySettings />} />
          <Route path="notifications" element={<NotificationSettings />} />
          <Route path="email" element={<EmailSettings />} />
          <Route path="password" element={<PasswordSettings />} />
          <Route path="tokens" element={<TokenSettings />} />
          <Route path="business" element={<BusinessSettings />} />
          <Route path="data" element={<YourDataSettings />} />
        </Routes>
      </div>
    </div>
  )
}
