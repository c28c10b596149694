import type { Endpoint } from '../../http/endpoint'
import getFeed from './get-feed'

export const feedEndpoints: Endpoint[] = [getFeed]
