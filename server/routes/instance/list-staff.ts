import { defineEndpoint } from '../../http/endpoint'
import { StaffList } from '../../../protocol/schemas/instance'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/admin/staff',
  operationId: 'listStaff',
  summary: "The instance's admins and moderators, admins first (admins only)",
  tags: ['admin'],
  auth: 'user_accounts:read',
  response: StaffList,
  handler: async ({ viewer, ctx }) => ({ items: await ctx.services.instance.staff(viewer.id) }),
})
