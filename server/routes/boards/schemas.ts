import { Type } from 'typebox'
import { Id } from '../../http/endpoint'

export const BoardParams = Type.Object({ board_id: Id })
export const SectionParams = Type.Object({ board_id: Id, section_id: Id })
export const BoardName = Type.String({ minLength: 1, maxLength: 180 })
export const BoardDescription = Type.Union([Type.String({ maxLength: 500 }), Type.Null()])
export const BoardPrivacy = Type.Union([Type.Literal('PUBLIC'), Type.Literal('SECRET')])
