import { defineEndpoint } from '../../http/endpoint'
import { OnboardingStatus } from '../../../protocol/schemas/onboarding'

export default defineEndpoint({
  method: 'GET',
  url: '/v5/onboarding',
  operationId: 'getOnboarding',
  summary: 'Whether you have done (or skipped) first sign-in: topics and first follows',
  tags: ['onboarding'],
  auth: 'user_accounts:read',
  response: OnboardingStatus,
  handler: ({ viewer, ctx }) => ctx.services.onboarding.status(viewer.id),
})
