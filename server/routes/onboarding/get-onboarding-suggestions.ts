import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { OnboardingSuggestions } from '../../../protocol/schemas/onboarding'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/onboarding/suggestions',
  operationId: 'getOnboardingSuggestions',
  summary:
    'People and boards to follow: those whose public pins are about the chosen topics first, then the most saved on the instance; never anyone you follow or blocked',
  tags: ['onboarding'],
  auth: 'user_accounts:read',
  response: OnboardingSuggestions,
  rateLimit: 60,
  query: Type.Object({
    topics: Type.Optional(
      Type.String({ maxLength: 420, description: 'topic ids, comma-separated (at most 10)' }),
    ),
  }),
  handler: ({ viewer, query, ctx }) => ctx.services.onboarding.suggestions(viewer.id, query.topics),
})
