import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { NoBody } from '../../../protocol/schemas/common'
import { PinParams } from './schemas'

/**
 * A tracked redirect: the one GET that writes (a click row and the pin's click count), by
 * design, so that source clicks from messages and feeds can be measured. Only a signed-in
 * viewer is sent on to the link; an anonymous visitor lands on the pin's page in the web app,
 * so this domain is no open redirect.
 */
export default defineEndpoint({
  method: 'GET',
  url: '/v5/pins/:pin_id/source',
  operationId: 'openPinSource',
  summary: "Open a pin's source: a counted 302 redirect to its link (anonymous: to the pin's page)",
  tags: ['pins'],
  auth: 'optional',
  scope: 'pins:read',
  status: 302,
  response: NoBody,
  // a write, though a GET: a full disk answers 503 storage_full here too
  errors: [503],
  params: PinParams,
  query: Type.Object({ via: Type.Optional(Type.String({ maxLength: 64 })) }),
  async handler({ viewer, params, query, ctx, reply }) {
    const link = await ctx.services.pins.openSource(viewer?.id ?? null, params.pin_id, query.via)
    // an anonymous visitor goes to the pin's close-up in the web app, never straight off-site
    return reply.header('cache-control', 'no-store').redirect(link ?? `/pin/${params.pin_id}`, 302)
  },
})
