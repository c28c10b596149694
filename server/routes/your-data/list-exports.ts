import { defineEndpoint } from '../../http/endpoint'
import { DataExportList } from '../../../protocol/schemas/data'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/exports',
  operationId: 'listExports',
  summary: 'Your exports of your data, newest first',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  response: DataExportList,
  async handler({ viewer, ctx }) {
    return { items: await ctx.services.dataExports.listExports(viewer.id) }
  },
})
