import { Link } from 'react-router-dom'
import type { InstanceSettings, Registrations, StaffList } from '../../../protocol/schemas/instance'
import { api } from '../../lib/api'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { ErrorState, Spinner } from '../../ui/states'
import { ChoiceCards, type Choice } from '../settings/account-choice'
import { AdminLayout } from './admin-layout'
import '../settings/settings.css'
import './settings-page.css'

const SETTINGS_PATH = '/v5/admin/settings'

const REGISTRATION_OPTIONS: Choice<Registrations>[] = [
  {
    value: 'open',
    title: 'Open',
    text: 'Anyone who finds this Corkboard can make an account.',
  },
  {
    value: 'invite_only',
    title: 'Invite only',
    text: 'Only people a member invites by email can join, from the link in their invite, with the address it was sent to.',
  },
  {
    value: 'closed',
    title: 'Closed',
    text: 'No new accounts. Members still log in, and invites they send cannot be used to join.',
  },
]

const SAVED: Record<Registrations, string> = {
  open: 'Registrations are open',
  invite_only: 'Registrations are invite only',
  closed: 'Registrations are closed',
}

/** /admin/settings: who may sign up, and who runs the instance (admins only). */
export function AdminSettingsPage() {
  return (
    <AdminLayout title="Settings" adminOnly>
      <div className="admin-settings">
        <RegistrationSettings />
        <Staff />
      </div>
    </AdminLayout>
  )
}

function RegistrationSettings() {
  const settings = useResource<InstanceSettings>(SETTINGS_PATH)
  const current = settings.data?.registrations

  const save = async (value: Registrations) => {
    const saved = await api<InstanceSettings>(SETTINGS_PATH, {
      method: 'PATCH',
      body: { registrations: value },
    })
    settings.setData(() => saved)
  }

  return (
    <section className="settings-section" aria-labelledby="registrations-heading">
      <h2 id="registrations-heading">Registrations</h2>
      <p className="settings-intro">
        Who may make an account here. A change applies to the next sign-up; existing members are not
        affected.
      </p>
      {settings.status === 'error' ? (
        <ErrorState message={settings.error ?? ''} onRetry={settings.reload} />
      ) : !current ? (
        <Spinner label="Loading the settings" />
      ) : (
        <ChoiceCards
          name="registrations"
          legend="Registrations"
          options={REGISTRATION_OPTIONS}
          current={current}
          save={save}
          savedText={(value) => SAVED[value]}
        />
      )}
    </section>
  )
}

function Staff() {
  const staff = useResource<StaffList>('/v5/admin/staff')
  return (
    <section className="settings-section" aria-labelledby="staff-heading">
      <h2 id="staff-heading">Team</h2>
      <p className="settings-intro">
        Admins change these settings and see everything moderators do. Moderators work through
        reports and the audit log.
      </p>
      {staff.status === 'error' ? (
        <ErrorState message={staff.error ?? ''} onRetry={staff.reload} />
      ) : !staff.data ? (
        <Spinner label="Loading the team" />
      ) : (
        <ul className="staff-list">
          {staff.data.items.map((member) => (
            <li key={member.id} className="staff-row">
              <Avatar username={member.username} src={member.profile_image} size={40} />
              <Link to={`/u/${member.username}`} className="staff-name">
                <strong>{member.business_name || member.username}</strong>
                <small>@{member.username}</small>
              </Link>
              <span className={`staff-role staff-role-${member.role}`}>
                {member.role === 'admin' ? 'Admin' : 'Moderator'}
              </span>
            </li>
          ))}
        </ul>
      )}
      <div className="staff-howto">
        <h3>Giving and taking roles</h3>
        <p>Roles are given on the server, by whoever runs it, from the folder Corkboard runs in:</p>
        <pre>
          <code>
            {'npm run admin -- grant <username> moderator\n'}
            {'npm run admin -- grant <username> admin\n'}
            {'npm run admin -- revoke <username>\n'}
            {'npm run admin -- list'}
          </code>
        </pre>
        <p>Every change is written to the audit log.</p>
      </div>
    </section>
  )
}
