import { defineEndpoint } from '../../http/endpoint'
import { InstanceInfo } from '../../../protocol/schemas/instance'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/instance',
  operationId: 'getInstance',
  summary:
    'What anyone may know of this instance before signing up: whether registrations are open, invite-only or closed',
  tags: ['instance'],
  auth: 'none',
  response: InstanceInfo,
  handler: ({ ctx }) => ctx.services.instance.info(),
})
