import type { Endpoint } from '../../http/endpoint'

export const feedEndpoints: Endpoint[] = []
