import { Type } from 'typebox'
import { defineEndpoint, Id } from '../../http/endpoint'
import { OnboardingResult } from '../../../protocol/schemas/onboarding'

export default defineEndpoint({
  method: 'POST',
  url: '/v5/onboarding/complete',
  operationId: 'completeOnboarding',
  summary:
    'Finish first sign-in: follow the chosen people and boards (those still followable), in one transaction; an empty body skips. Never offered again',
  tags: ['onboarding'],
  auth: 'user_accounts:write',
  response: OnboardingResult,
  rateLimit: 20,
  body: Type.Object({
    user_ids: Type.Optional(Type.Array(Id, { maxItems: 50, description: 'people to follow' })),
    board_ids: Type.Optional(Type.Array(Id, { maxItems: 50, description: 'boards to follow' })),
  }),
  handler: ({ viewer, body, ctx }) => ctx.services.onboarding.complete(viewer.id, body),
})
