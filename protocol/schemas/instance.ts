import { Type, type Static } from 'typebox'
import { UserSummary } from './accounts'

/** Who may sign up: anyone, only people with an invite (members' email invites), or no one. */
export const Registrations = Type.Union(
  [Type.Literal('open'), Type.Literal('invite_only'), Type.Literal('closed')],
  { description: 'open: anyone may sign up; invite_only: only with an invite; closed: no one' },
)
export type Registrations = Static<typeof Registrations>

/** What anyone may know of the instance before signing up. */
export const InstanceInfo = Type.Object({ registrations: Registrations }, { title: 'Instance' })
export type InstanceInfo = Static<typeof InstanceInfo>

/** The instance's settings, as admins see and change them. */
export const InstanceSettings = Type.Object(
  { registrations: Registrations },
  { title: 'InstanceSettings' },
)
export type InstanceSettings = Static<typeof InstanceSettings>

export const StaffRole = Type.Union([Type.Literal('admin'), Type.Literal('moderator')])

/** Someone who holds a role on the instance (admins see this list). */
export const StaffMember = Type.Object(
  { ...UserSummary.properties, role: StaffRole },
  { title: 'StaffMember' },
)
export type StaffMember = Static<typeof StaffMember>

export const StaffList = Type.Object({ items: Type.Array(StaffMember) }, { title: 'StaffList' })
export type StaffList = Static<typeof StaffList>
