import { defineEndpoint } from '../../http/endpoint'
import { OwnAccount } from '../../../protocol/schemas/accounts'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account',
  operationId: 'getUserAccount',
  summary: 'Get the signed-in account',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: OwnAccount,
  handler: ({ viewer, ctx }) => ctx.services.accounts.ownAccount(viewer.id),
})
