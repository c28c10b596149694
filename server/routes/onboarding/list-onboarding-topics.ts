import { defineEndpoint } from '../../http/endpoint'
import { TopicList } from '../../../protocol/schemas/onboarding'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/onboarding/topics',
  operationId: 'listOnboardingTopics',
  summary:
    'Topics popular on this instance (what public boards are named after, by how many public pins hold them), each with a popular pin’s picture',
  tags: ['onboarding'],
  auth: 'user_accounts:read',
  response: TopicList,
  rateLimit: 60,
  handler: ({ ctx }) => ctx.services.onboarding.topics(),
})
