import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { UserSummary } from '../../../protocol/schemas/accounts'
import { Page } from '../../../protocol/schemas/common'
import { Usernames } from '../messaging/schemas'
import { BoardParams } from './schemas'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/boards/:board_id/collaborators',
  operationId: 'addCollaborators',
  summary:
    'Invite people to add, remove and move pins on your board (owner only; each someone you may message)',
  tags: ['boards'],
  auth: 'boards:write',
  response: Page(UserSummary),
  errors: [409],
  rateLimit: 60,
  params: BoardParams,
  body: Type.Object({ usernames: Usernames }),
  handler: ({ viewer, params, body, ctx }) =>
    ctx.services.decide.collaborators.add(viewer, params.board_id, body.usernames),
})
