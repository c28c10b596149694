import { Type } from 'typebox'

/** Any length is looked up (an unknown token is a 404, like every unknown thing) up to a bound. */
export const UnsubscribeToken = Type.String({ minLength: 1, maxLength: 200 })
