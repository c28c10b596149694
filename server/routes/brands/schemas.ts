import { Type } from 'typebox'
import { Id } from '../../http/endpoint'

export const PromotionParams = Type.Object({ promotion_id: Id })
