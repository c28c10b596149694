import { describe, expect, it } from 'vitest'
import { assertSendable, InvalidMailError, type Mail } from './message'

const mail: Mail = { to: 'friend@example.com', subject: 'Hi', text: 'Hello' }

describe('assertSendable', () => {
  it('takes a plain mail, headers and an inline image', () => {
    expect(() =>
      assertSendable({
        ...mail,
        html: '<p>Hello</p>',
        headers: { 'List-Unsubscribe': '<https://x.example/u>' },
        attachments: [{ filename: 'a.png', contentType: 'image/png', content: '', cid: 'a@x' }],
      }),
    ).not.toThrow()
  })

  it('refuses what would go to the wrong place or inject headers', () => {
    const bad: Mail[] = [
      { ...mail, to: 'friend' },
      { ...mail, to: 'a@b.c, d@e.f' },
      { ...mail, to: 'Friend <a@b.c>' },
      { ...mail, subject: 'Hi\r\nBcc: x@y.z' },
      { ...mail, headers: { 'X-Note': 'a\nb' } },
      { ...mail, headers: { 'Bad Name': 'x' } },
      {
        ...mail,
        attachments: [{ filename: 'a', contentType: 'image/png', content: '', cid: 'a b' }],
      },
    ]
    for (const m of bad)
      expect(() => assertSendable(m), JSON.stringify(m)).toThrow(InvalidMailError)
  })
})
