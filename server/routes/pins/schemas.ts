import { Type } from 'typebox'
import { Id } from '../../http/endpoint'

/** base64 of a 10 MB image plus the JSON around it. */
export const UPLOAD_BODY_LIMIT = 15 * 1024 * 1024

export const ImageBase64Source = Type.Object({
  source_type: Type.Literal('image_base64'),
  content_type: Type.Union([
    Type.Literal('image/jpeg'),
    Type.Literal('image/png'),
    Type.Literal('image/webp'),
    Type.Literal('image/gif'),
  ]),
  data: Type.String({ minLength: 1 }),
})

export const MediaSource = Type.Union([
  ImageBase64Source,
  Type.Object({
    source_type: Type.Literal('image_url'),
    url: Type.String({ minLength: 1, maxLength: 2048 }),
  }),
])

const Nullable = <T extends ReturnType<typeof Type.String>>(t: T) => Type.Union([t, Type.Null()])

export const PinFields = {
  title: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  description: Type.Optional(Nullable(Type.String({ maxLength: 800 }))),
  link: Type.Optional(Nullable(Type.String({ maxLength: 2048 }))),
  alt_text: Type.Optional(Nullable(Type.String({ maxLength: 500 }))),
}

export const PinParams = Type.Object({ pin_id: Id })
export const NullableId = Type.Union([Id, Type.Null()])
