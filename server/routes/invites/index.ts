import type { Endpoint } from '../../http/endpoint'
import acceptInvite from './accept-invite'
import getInvite from './get-invite'

export const invitesEndpoints: Endpoint[] = [getInvite, acceptInvite]
