import { defineEndpoint } from '../../http/endpoint'
import { DataExportCreated } from '../../../protocol/schemas/data'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/user_account/exports',
  operationId: 'createExport',
  summary: 'Ask for a ZIP of all your data; built in the background, you are told when it is ready',
  tags: ['user_account'],
  auth: 'user_accounts:write',
  status: 202,
  response: DataExportCreated,
  errors: [409],
  rateLimit: 10,
  async handler({ viewer, ctx }) {
    return ctx.services.dataExports.requestExport(viewer.id)
  },
})
