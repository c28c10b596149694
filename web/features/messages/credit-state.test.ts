import { describe, expect, it } from 'vitest'
import type { Message } from '../../../protocol/messages'
import { withCredit } from './credit-state'
import { EMPTY_THREAD, initialState } from './messages-state'

const message = (id: string): Message => ({
  id,
  conversation_id: '7',
  seq: Number(id),
  sender: { username: 'ana' },
  created_at: '2026-03-03T10:00:00.000Z',
  client_message_id: `c${id}`,
  text: null,
  attachment: { type: 'pin', pin: null },
  promotion_id: null,
  saved_by: [],
  removed: false,
  reactions: [],
  reply_to: null,
  edited_at: null,
})

describe('message.saved in the tab', () => {
  const base = initialState('ana', 'online')
  const st = {
    ...base,
    threads: { '7': { ...EMPTY_THREAD, messages: [message('1'), message('2')] } },
  }
  const savedBy = [{ username: 'ben', board: { id: '9', name: 'Camping' } }]

  it('replaces the credit of the message it names, and only that one', () => {
    const next = withCredit(st, {
      type: 'message.saved',
      conversation_id: '7',
      message_id: '2',
      saved_by: savedBy,
    })
    expect(next.threads['7']!.messages.map((m) => m.saved_by)).toEqual([[], savedBy])
  })

  it('adds nothing for a message or conversation the tab does not hold', () => {
    for (const [conversation_id, message_id] of [
      ['7', '3'],
      ['8', '1'],
    ] as const) {
      const e = { type: 'message.saved' as const, conversation_id, message_id, saved_by: savedBy }
      expect(withCredit(st, e)).toBe(st)
    }
  })
})
