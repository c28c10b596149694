import { defineEndpoint } from '../../http/endpoint'
import { InstanceSettings } from '../../../protocol/schemas/instance'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/admin/settings',
  operationId: 'getAdminSettings',
  summary: "The instance's settings (admins only; others 403 not_admin)",
  tags: ['admin'],
  auth: 'user_accounts:read',
  response: InstanceSettings,
  handler: ({ viewer, ctx }) => ctx.services.instance.settings(viewer.id),
})
