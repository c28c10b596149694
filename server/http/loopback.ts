import type { FastifyRequest } from 'fastify'

const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|::ffff:127\.\d{1,3}\.\d{1,3}\.\d{1,3})$/
const FORWARDING_HEADERS = ['forwarded', 'x-forwarded-for', 'x-real-ip'] as const
/** Exactly these names, any case, with an optional port: nothing a DNS name can rebind. */
const LOOPBACK_HOST = /^(localhost|127\.0\.0\.1|\[::1\])(:\d{1,5})?$/i

/**
 * A request made on this machine: the socket's peer is a loopback address (never what
 * X-Forwarded-For claims), and it carries no forwarding header, since a reverse proxy on the
 * same machine connects from loopback on behalf of anyone.
 */
export function isLoopbackRequest(req: FastifyRequest): boolean {
  const peer = req.socket.remoteAddress ?? ''
  return LOOPBACK.test(peer) && FORWARDING_HEADERS.every((h) => req.headers[h] === undefined)
}

/**
 * A loopback request that also names this machine in its Host header. A page from another
 * site whose DNS name was rebound to 127.0.0.1 reaches the server from loopback, but its
 * requests carry that site's name as Host: only these pages' own names are let through.
 */
export function isLoopbackRequestForLoopbackHost(req: FastifyRequest): boolean {
  return isLoopbackRequest(req) && LOOPBACK_HOST.test(req.headers.host ?? '')
}
