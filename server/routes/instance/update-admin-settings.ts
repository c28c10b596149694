import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { InstanceSettings, Registrations } from '../../../protocol/schemas/instance'

export default defineEndpoint({
  method: 'PATCH',
  url: '/v5/admin/settings',
  operationId: 'updateAdminSettings',
  summary:
    "Change the instance's settings: registrations open, invite_only (members' email invites) or closed (admins only; audited)",
  tags: ['admin'],
  auth: 'user_accounts:write',
  response: InstanceSettings,
  body: Type.Object({ registrations: Type.Optional(Registrations) }),
  handler: ({ viewer, body, ctx }) => ctx.services.instance.updateSettings(viewer.id, body),
})
