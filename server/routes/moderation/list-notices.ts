import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { NoticePage } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/notices',
  operationId: 'listNotices',
  summary:
    'What the app told the signed-in account (warnings, reports’ outcomes, exports), newest first',
  tags: ['moderation'],
  auth: 'user_accounts:read',
  response: NoticePage,
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.notices.list(viewer.id, query),
})
