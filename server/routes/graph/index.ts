import type { Endpoint } from '../../http/endpoint'

export const graphEndpoints: Endpoint[] = []
