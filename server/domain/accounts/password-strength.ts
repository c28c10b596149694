import zxcvbnCore from '@zxcvbn-ts/core'
import zxcvbnCommon from '@zxcvbn-ts/language-common'
import zxcvbnEn from '@zxcvbn-ts/language-en'
import { BadRequestError } from '../../errors'

const { ZxcvbnFactory } = zxcvbnCore

/** zxcvbn's 0–4 score under which a password is refused ("too guessable" and below). */
const MIN_SCORE = 2

// Loading the dictionaries takes a while and some memory: only once something asks.
let factory: InstanceType<typeof ZxcvbnFactory> | undefined
const estimator = () =>
  (factory ??= new ZxcvbnFactory({
    dictionary: { ...zxcvbnCommon.dictionary, ...zxcvbnEn.dictionary },
    graphs: zxcvbnCommon.adjacencyGraphs,
    translations: zxcvbnEn.translations,
  }))

/**
 * Refuses a password found in the lists of common ones, or one too close to the account's own
 * name or address (`userInputs`), with zxcvbn's own warning and suggestion in the message.
 */
export function assertStrongPassword(password: string, userInputs: string[]): void {
  const inputs = userInputs.flatMap((s) => {
    const value = s.trim().toLowerCase()
    // the address's local part is what people reuse
    return value.includes('@') ? [value, value.split('@')[0]!] : [value]
  })
  const result = estimator().check(password, inputs.filter(Boolean))
  if (result.score >= MIN_SCORE) return
  const advice = [result.feedback.warning, ...result.feedback.suggestions].filter(Boolean)
  throw new BadRequestError(
    `That password is too easy to guess.${advice.length ? ` ${advice.join(' ')}` : ''}`,
    'weak_password',
  )
}

/** A new password (sign-up, change): 8 to 256 characters, and not too easy to guess. */
export function checkNewPassword(password: string, userInputs: string[]): void {
  if (password.length < 8 || password.length > 256) {
    throw new BadRequestError('password must be 8 to 256 characters.', 'invalid_password')
  }
  assertStrongPassword(password, userInputs)
}
