import type { Endpoint } from '../../http/endpoint'
import resubscribe from './resubscribe'
import unsubscribe from './unsubscribe'
import unsubscribeStatus from './unsubscribe-status'

export const emailEndpoints: Endpoint[] = [unsubscribeStatus, unsubscribe, resubscribe]
