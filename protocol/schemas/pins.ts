import { Type } from 'typebox'
import { Id, Nullable, Time } from './common'

export const ImageVariant = Type.Object({
  width: Type.Integer({ minimum: 1 }),
  height: Type.Integer({ minimum: 1 }),
  url: Type.String(),
})

/** One of the viewer's saves of a pin: their pin of the same original, and its board. */
export const PinSave = Type.Object(
  { board_id: Id, board_name: Type.String(), pin_id: Id },
  { title: 'PinSave' },
)

export const Pin = Type.Object(
  {
    id: Id,
    created_at: Time,
    title: Type.String(),
    description: Type.String(),
    link: Nullable(Type.String()),
    alt_text: Nullable(Type.String()),
    dominant_color: Type.String(),
    board_id: Id,
    board_section_id: Nullable(Id),
    board_owner: Type.Object({ username: Type.String() }),
    parent_pin_id: Nullable(Id),
    is_owner: Type.Boolean(),
    media: Type.Object({
      media_type: Type.Literal('image'),
      images: Type.Object({
        '150x150': ImageVariant,
        '400x300': ImageVariant,
        '600x': ImageVariant,
        '1200x': ImageVariant,
      }),
    }),
    source_domain: Nullable(Type.String()),
    save_count: Type.Integer({ minimum: 0 }),
    like_count: Type.Integer({ minimum: 0 }),
    is_liked: Type.Boolean(),
    /** the viewer has this pin or its original on a board of theirs (false when signed out) */
    is_saved: Type.Boolean(),
    /** where the viewer has it: their pins of the same original, oldest first ([] signed out) */
    saved_to: Type.Array(PinSave),
  },
  { title: 'Pin' },
)
