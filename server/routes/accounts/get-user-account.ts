import { defineEndpoint } from '../../http/endpoint'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account',
  summary: 'Get the signed-in account',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  handler: ({ viewer, ctx }) => ctx.services.accounts.ownAccount(viewer.id),
})
