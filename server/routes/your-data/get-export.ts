import { defineEndpoint } from '../../http/endpoint'
import { DataExport, DataExportParams } from '../../../protocol/schemas/data'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/exports/:export_id',
  operationId: 'getExport',
  summary: 'One export of your data: whether it is ready, and where to download it',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  params: DataExportParams,
  response: DataExport,
  async handler({ viewer, params, ctx }) {
    return ctx.services.dataExports.getExport(viewer.id, params.export_id)
  },
})
