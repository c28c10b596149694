import { Type } from 'typebox'
import { defineEndpoint, PageQuery } from '../../http/endpoint'
import { AuditPage } from '../../../protocol/schemas/moderation'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/admin/audit',
  operationId: 'listAudit',
  summary: 'The audit log (moderators and admins), newest first: who did what, to what, and why',
  tags: ['moderation'],
  auth: 'user_accounts:read',
  response: AuditPage,
  query: Type.Object(PageQuery),
  handler: ({ viewer, query, ctx }) => ctx.services.moderation.audit(viewer.id, query),
})
