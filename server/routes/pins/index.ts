import type { Endpoint } from '../../http/endpoint'

export const pinsEndpoints: Endpoint[] = []
