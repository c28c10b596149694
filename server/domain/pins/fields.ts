import { LIMITS } from '../../../protocol/limits'
import { BadRequestError } from '../../errors'
import { httpUrl } from '../http-url'

/** A pin's text field, checked against its limit. */
export function checkLength(field: keyof typeof LIMITS.pin, value: string | null | undefined) {
  if (value && value.length > LIMITS.pin[field]) {
    throw new BadRequestError(`${field} must be at most ${LIMITS.pin[field]} characters.`)
  }
}

/** The link, checked (absolute http/https), and its domain as pin cards show it. */
export function parseLink(link: string | null | undefined): {
  link: string | null
  source_domain: string | null
} {
  if (!link) return { link: null, source_domain: null }
  checkLength('link', link)
  const url = httpUrl(link)
  if (!url) throw new BadRequestError('link must be an absolute http or https URL.')
  return { link, source_domain: url.hostname.replace(/^www\./, '') || null }
}
