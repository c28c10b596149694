import { Type, type Static, type TSchema } from 'typebox'
import { LIMITS } from '../limits'

/** Pinterest v5 ids: numeric strings, never numbers. */
export const Id = Type.String({ pattern: '^[1-9][0-9]{0,15}$', description: 'numeric string id' })

/** An ISO 8601 UTC time. */
export const Time = Type.String({ format: 'date-time' })

export const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()])

export const PageQuery = {
  bookmark: Type.Optional(Type.String({ maxLength: LIMITS.page.bookmark })),
  page_size: Type.Optional(
    Type.Integer({ minimum: 1, maximum: LIMITS.page.maxSize, default: LIMITS.page.defaultSize }),
  ),
}

/** Pinterest's list envelope: `bookmark` null on the last page. */
export const Page = <T extends TSchema>(item: T, title?: string) =>
  Type.Object(
    {
      items: Type.Array(item),
      bookmark: Nullable(Type.String({ description: 'opaque cursor of the next page' })),
    },
    title ? { title } : {},
  )

/** Every error answer: `{code, message}`, plus a stable `reason` where clients tell refusals apart. */
export const ErrorBody = Type.Object(
  {
    code: Type.Integer({ description: 'the HTTP status' }),
    message: Type.String(),
    reason: Type.Optional(Type.String({ description: 'stable machine-readable reason' })),
  },
  { title: 'Error' },
)
export type ErrorBody = Static<typeof ErrorBody>

/** An answer without a body (204, or a 302 redirect). */
export const NoBody = Type.Null()
