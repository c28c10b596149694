import { Type } from 'typebox'
import { defineEndpoint } from '../../http/endpoint'
import { PinParams } from './schemas'

/**
 * A tracked redirect: the one GET that writes (a click row and the pin's click count), by
 * design, so that source clicks from messages and feeds can be measured.
 */
export default defineEndpoint({
  method: 'GET',
  url: '/v5/pins/:pin_id/source',
  summary: "Open a pin's source: a counted 302 redirect to its link",
  tags: ['pins'],
  auth: 'optional',
  scope: 'pins:read',
  params: PinParams,
  query: Type.Object({ via: Type.Optional(Type.String({ maxLength: 64 })) }),
  async handler({ viewer, params, query, ctx, reply }) {
    const link = await ctx.services.pins.openSource(viewer?.id ?? null, params.pin_id, query.via)
    return reply.header('cache-control', 'no-store').redirect(link, 302)
  },
})
