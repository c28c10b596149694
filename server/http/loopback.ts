import type { FastifyRequest } from 'fastify'

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const

/**
 * A request made on this machine: the socket's peer is a loopback address (never what
 * X-Forwarded-For claims), and it carries no forwarding header, since a reverse proxy on the
 * same machine connects from loopback on behalf of anyone.
 */
export function isLoopbackRequest(req: FastifyRequest): boolean {
  const peer = req.socket.remoteAddress ?? ''
  return LOOPBACK.test(peer) && FORWARDING_HEADERS.every((h) => req.headers[h] === undefined)
}
