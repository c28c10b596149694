import type { Endpoint } from '../../http/endpoint'

export const boardsEndpoints: Endpoint[] = []
