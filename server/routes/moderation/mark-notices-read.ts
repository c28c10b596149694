import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { MarkNoticesReadBody } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/user_account/notices/read',
  operationId: 'markNoticesRead',
  summary: 'Mark the signed-in account’s notices read, up to and including `up_to_id`',
  tags: ['moderation'],
  auth: 'user_accounts:write',
  status: 204,
  response: NoBody,
  body: MarkNoticesReadBody,
  async handler({ viewer, body, ctx }) {
    await ctx.services.notices.markRead(viewer.id, body.up_to_id)
  },
})
