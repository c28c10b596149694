/** The shape the server accepts for an address (it answers 400 `invalid_email` otherwise). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/

/** Whether what someone is typing is meant as an email address rather than a name. */
export function looksLikeEmail(text: string): boolean {
  return text.trim().includes('@')
}

export function isEmailAddress(text: string): boolean {
  const email = text.trim()
  return email.length <= 254 && EMAIL.test(email)
}

/** An address as the server compares them: trimmed and lower-cased. */
export function normalEmail(text: string): string {
  return text.trim().toLowerCase()
}
