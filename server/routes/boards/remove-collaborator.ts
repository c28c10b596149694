import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { Username } from '../accounts/get-user'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/boards/:board_id/collaborators/:username',
  operationId: 'removeCollaborator',
  summary: 'Remove a collaborator (the owner anyone, a collaborator themselves); idempotent',
  tags: ['boards'],
  auth: 'boards:write',
  status: 204,
  response: NoBody,
  params: Type.Object({ board_id: Id, username: Username }),
  async handler({ viewer, params, ctx }) {
    await ctx.services.decide.collaborators.remove(viewer.id, params.board_id, params.username)
  },
})
