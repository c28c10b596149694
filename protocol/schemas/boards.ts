import { Type } from 'typebox'
import { Id, Nullable, Time } from './common'

export const Privacy = Type.Union([Type.Literal('PUBLIC'), Type.Literal('SECRET')])

export const Board = Type.Object(
  {
    id: Id,
    name: Type.String(),
    description: Type.String(),
    privacy: Privacy,
    owner: Type.Object({ username: Type.String() }),
    created_at: Time,
    pin_count: Type.Integer({ minimum: 0 }),
    follower_count: Type.Integer({ minimum: 0 }),
    collaborator_count: Type.Integer({
      minimum: 0,
      description: 'people besides the owner who may add, remove and move its pins',
    }),
    is_following: Type.Optional(Type.Boolean({ description: 'present when signed in' })),
    media: Type.Object({
      image_cover_url: Nullable(Type.String()),
      pin_thumbnail_urls: Type.Array(Type.String()),
    }),
  },
  { title: 'Board' },
)

export const BoardSection = Type.Object({ id: Id, name: Type.String() }, { title: 'BoardSection' })
