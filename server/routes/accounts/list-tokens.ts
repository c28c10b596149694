import { defineEndpoint } from '../../http/endpoint'
import { AccessToken } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/tokens',
  operationId: 'listTokens',
  summary: 'List personal access tokens (never their secrets)',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: Page(AccessToken),
  async handler({ viewer, ctx }) {
    return { items: await ctx.services.accounts.listTokens(viewer.id), bookmark: null }
  },
})
