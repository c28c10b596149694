import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Message } from '../../../protocol/messages'
import {
  asEmoji,
  canEdit,
  canUnsend,
  firstLine,
  reactionLabel,
  withQuotesOf,
  withToggledReaction,
} from './message-beyond'
import * as http from './messages-api'
import { MessageUpdates, withUpdatedMessage } from './message-updates'
import { EMPTY_THREAD, initialState, StateCell } from './messages-state'

vi.mock('./messages-api', async (original) => ({
  ...(await original<typeof import('./messages-api')>()),
  addReaction: vi.fn(),
  removeReaction: vi.fn(),
  editMessage: vi.fn(),
  unsendMessage: vi.fn(),
}))

const T0 = Date.parse('2026-01-10T12:00:00.000Z')

function message(seq: number, from = 'bob', extra: Partial<Message> = {}): Message {
  return {
    id: `m${seq}`,
    conversation_id: 'c1',
    seq,
    sender: { username: from },
    created_at: new Date(T0 + seq * 60_000).toISOString(),
    client_message_id: `cm${seq}`,
    text: `text ${seq}`,
    attachment: null,
    promotion_id: null,
    removed: false,
    reactions: [],
    reply_to: null,
    edited_at: null,
    saved_by: [],
    ...extra,
  }
}

const removed = (m: Message): Message => ({
  ...m,
  text: null,
  attachment: null,
  removed: true,
  reactions: [],
})

/** A state cell holding thread c1 with `messages`, as seen by `me`. */
function cellWith(messages: Message[], me = 'me') {
  const st = initialState(me, 'online')
  return new StateCell({
    ...st,
    threads: { c1: { ...EMPTY_THREAD, status: 'ready', messages } },
  })
}
const held = (cell: StateCell) => cell.getState().threads['c1']!.messages

describe('message rules', () => {
  it('toggles a reaction: added at the end of its chip or as a new chip, taken away to none', () => {
    let m = message(1, 'bob', { reactions: [{ emoji: '👍', count: 1, usernames: ['ana'] }] })
    m = withToggledReaction(m, '👍', 'me')
    expect(m.reactions).toEqual([{ emoji: '👍', count: 2, usernames: ['ana', 'me'] }])
    m = withToggledReaction(m, '🎉', 'me')
    expect(m.reactions.map((r) => r.emoji)).toEqual(['👍', '🎉'])
    m = withToggledReaction(withToggledReaction(m, '👍', 'me'), '🎉', 'me')
    expect(m.reactions).toEqual([{ emoji: '👍', count: 1, usernames: ['ana'] }])
    expect(reactionLabel({ emoji: '👍', count: 2, usernames: ['ana', 'ben'] })).toBe(
      '👍 2: ana, ben',
    )
  })

  it('lets the sender edit within 15 minutes and unsend any time; nothing once removed', () => {
    const m = message(0, 'me')
    expect(canEdit(m, 'me', T0 + 14 * 60_000)).toBe(true)
    expect(canEdit(m, 'me', T0 + 15 * 60_000)).toBe(false)
    expect(canEdit(m, 'bob', T0)).toBe(false)
    expect(canEdit({ ...m, text: null }, 'me', T0)).toBe(false)
    expect(canUnsend(m, 'me')).toBe(true)
    expect(canUnsend(m, 'bob')).toBe(false)
    expect(canUnsend(removed(m), 'me')).toBe(false)
    expect(canEdit(removed(m), 'me', T0)).toBe(false)
  })

  it('takes one emoji only: pictographs, flags, keycaps, skin tones and families', () => {
    for (const e of ['👍', ' 🎉 ', '❤️', '🇫🇷', '1️⃣', '👍🏽', '👨‍👩‍👧']) {
      expect(asEmoji(e), e).toBe(e.trim())
    }
    for (const e of ['', 'a', 'ok', '👍👍', '1', '🇫', 'x👍']) expect(asEmoji(e), e).toBeNull()
  })

  it('quotes the first non-empty line, shortened', () => {
    expect(firstLine('\n  hello there\nsecond')).toBe('hello there')
    expect(firstLine('x'.repeat(100), 10)).toBe(`${'x'.repeat(9)}…`)
  })

  it("brings replies' quotes up to date when the original is edited or removed", () => {
    const original = message(1)
    const reply = message(2, 'me', {
      reply_to: { id: 'm1', seq: 1, sender: { username: 'bob' }, text: 'text 1', attachment: null },
    })
    const list = [original, reply, message(3)]
    expect(withQuotesOf(list, original)).toBe(list)
    const edited = withQuotesOf(list, { ...original, text: 'better' })
    expect(edited[1]!.reply_to?.text).toBe('better')
    const gone = withQuotesOf(list, removed(original))
    expect(gone[1]!.reply_to).toMatchObject({ text: null, attachment: null })
    expect(gone[2]).toBe(list[2])
  })
})

describe('message updates', () => {
  afterEach(() => vi.resetAllMocks())

  it('replaces an updated message by id, updates quotes and the composer, adds nothing', () => {
    const original = message(1)
    const reply = message(2, 'me', {
      reply_to: { id: 'm1', seq: 1, sender: { username: 'bob' }, text: 'text 1', attachment: null },
    })
    const cell = cellWith([original, reply])
    cell.set((st) => ({ ...st, composing: { c1: { mode: 'reply', message: original } } }))
    cell.set((st) => withUpdatedMessage(st, { ...original, text: 'edited', edited_at: 'x' }))
    expect(held(cell).map((m) => m.text)).toEqual(['edited', 'text 2'])
    expect(held(cell)[1]!.reply_to?.text).toBe('edited')
    expect(cell.getState().composing['c1']?.message.text).toBe('edited')
    // removed: the composer stops replying to it
    cell.set((st) => withUpdatedMessage(st, removed(original)))
    expect(cell.getState().composing['c1']).toBeUndefined()
    expect(held(cell)[1]!.reply_to?.text).toBeNull()
    // a message not held: nothing added, the same state
    const before = cell.getState()
    cell.set((st) => withUpdatedMessage(st, message(9)))
    expect(cell.getState()).toBe(before)
  })

  it('shows a reaction at once, keeps the answer, and puts it back when refused', async () => {
    const m = message(1)
    const cell = cellWith([m])
    const updates = new MessageUpdates(cell)
    const answer = withToggledReaction(m, '👍', 'me')
    let resolve!: (v: Message) => void
    vi.mocked(http.addReaction).mockReturnValueOnce(new Promise((r) => (resolve = r)))
    const done = updates.toggleReaction(m, '👍')
    expect(held(cell)[0]!.reactions).toEqual([{ emoji: '👍', count: 1, usernames: ['me'] }])
    expect(http.addReaction).toHaveBeenCalledWith('m1', '👍')
    resolve(answer)
    await done
    expect(held(cell)[0]!.reactions).toEqual(answer.reactions)

    // pressing the chip again takes it away; the server refuses: back as it was
    vi.mocked(http.removeReaction).mockRejectedValueOnce(new Error('no'))
    await expect(updates.toggleReaction(held(cell)[0]!, '👍')).rejects.toThrow('no')
    expect(http.removeReaction).toHaveBeenCalledWith('m1', '👍')
    expect(held(cell)[0]!.reactions).toEqual(answer.reactions)
  })

  it('lets a stream update that came in meanwhile win over an older answer', async () => {
    const m = message(1, 'me')
    const cell = cellWith([m])
    const updates = new MessageUpdates(cell)
    let resolve!: (v: Message) => void
    vi.mocked(http.editMessage).mockReturnValueOnce(new Promise((r) => (resolve = r)))
    const done = updates.edit(m, 'first')
    // the stream brings a newer state first (the edit, then someone's reaction)
    const newer = {
      ...m,
      text: 'first',
      edited_at: 'x',
      reactions: [{ emoji: '😂', count: 1, usernames: ['bob'] }],
    }
    updates.received(newer)
    resolve({ ...m, text: 'first', edited_at: 'x' })
    await done
    expect(held(cell)[0]).toEqual(newer)

    // no stream update meanwhile: the answer is applied (an unsend)
    vi.mocked(http.unsendMessage).mockResolvedValueOnce(removed(newer))
    await updates.unsend(newer)
    expect(held(cell)[0]).toMatchObject({ removed: true, text: null, reactions: [] })
  })
})
