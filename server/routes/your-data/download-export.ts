import { createReadStream } from 'node:fs'
import { Type } from 'typebox'
import { requireScope } from '../../domain/viewer'
import { defineEndpoint } from '../../http/endpoint'
import { DataExportParams } from '../../../protocol/schemas/data'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/user_account/exports/:export_id/download',
  operationId: 'downloadExport',
  summary:
    'Download an export of your data (a ZIP; a token needs pins:read, boards:read and messages:read too); 404 once its 7 days are over',
  tags: ['user_account'],
  auth: 'user_accounts:read',
  params: DataExportParams,
  // documented as a ZIP, not JSON (Fastify and the OpenAPI document take a `content` map)
  response: Type.Unsafe<unknown>({
    content: {
      'application/zip': { schema: { type: 'string', format: 'binary', description: 'the ZIP' } },
    },
  }),
  rateLimit: 30,
  async handler({ viewer, params, ctx, reply }) {
    // the ZIP holds secret pins and boards and the conversations: a token needs those scopes too
    for (const scope of ['pins:read', 'boards:read', 'messages:read'] as const) {
      requireScope(viewer, scope)
    }
    const file = await ctx.services.dataExports.exportFile(viewer.id, params.export_id)
    return reply
      .header('content-type', 'application/zip')
      .header('content-length', file.size)
      .header('content-disposition', `attachment; filename="${file.filename}"`)
      .header('cache-control', 'private, no-store')
      .send(createReadStream(file.path))
  },
})
