import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { SectionParams } from './schemas'

export default defineEndpoint({
  method: 'DELETE',
  url: '/v5/boards/:board_id/sections/:section_id',
  operationId: 'deleteSection',
  summary: 'Delete a board section; its pins stay on the board (owner only)',
  tags: ['boards'],
  auth: 'boards:write',
  status: 204,
  response: NoBody,
  params: SectionParams,
  async handler({ viewer, params, ctx }) {
    await ctx.services.boards.deleteSection(viewer.id, params.board_id, Number(params.section_id))
  },
})
