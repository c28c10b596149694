import type { Endpoint } from '../http/endpoint'
import { accountsEndpoints } from './accounts'
import { analyticsEndpoints } from './analytics'
import { boardsEndpoints } from './boards'
import { brandsEndpoints } from './brands'
import { dataEndpoints } from './your-data'
import { emailEndpoints } from './email'
import { feedEndpoints } from './feed'
import { graphEndpoints } from './graph'
import { instanceEndpoints } from './instance'
import { invitesEndpoints } from './invites'
import { messagingEndpoints } from './messaging'
import { moderationEndpoints } from './moderation'
import { onboardingEndpoints } from './onboarding'
import { pinsEndpoints } from './pins'
import { searchEndpoints } from './search'

export const allEndpoints: Endpoint[] = [
  ...accountsEndpoints,
  ...graphEndpoints,
  ...boardsEndpoints,
  ...pinsEndpoints,
  ...feedEndpoints,
  ...messagingEndpoints,
  ...searchEndpoints,
  ...invitesEndpoints,
  ...emailEndpoints,
  ...analyticsEndpoints,
  ...brandsEndpoints,
  ...onboardingEndpoints,
  ...moderationEndpoints,
  ...dataEndpoints,
  ...instanceEndpoints,
]
