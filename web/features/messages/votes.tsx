import { ThumbsUp } from 'lucide-react'
import { createContext, useCallback, useContext, useEffect, useState, type ReactNode } from 'react'
import type { PinVotes, Shortlist } from '../../../protocol/decide'
import { api, messageOf } from '../../lib/api'
import { useToast } from '../../ui/toast'
import { useMyBoards } from '../boards/my-boards'
import { useOptionalMessagesStore } from './messages-context'
import './decide.css'

/** A pin's votes in the open group: how many, and who (first vote first). */
export interface VoteTally {
  votes: number
  voters: string[]
}

interface VotesValue {
  conversationId: string
  me: string
  tallies: Record<string, VoteTally>
  /** bumped on every change: the shortlist tab reloads on it */
  version: number
  vote(pinId: string, on: boolean): Promise<void>
}

const VotesContext = createContext<VotesValue | null>(null)

export const votePin = (conversationId: string, pinId: string, value: 0 | 1) =>
  api<PinVotes>(`/v5/conversations/${conversationId}/pins/${pinId}/vote`, {
    method: 'PUT',
    body: { value },
  })

export const getShortlist = (conversationId: string) =>
  api<Shortlist>(`/v5/conversations/${conversationId}/shortlist`)

/**
 * The votes of a group conversation's pins, for its pin cards and its shortlist: loaded from
 * the shortlist, kept live by `shortlist.updated` (reloaded after a resync). Outside a group,
 * no provider: pin cards show no vote button.
 */
export function VotesProvider({
  conversationId,
  me,
  children,
}: {
  conversationId: string
  me: string
  children: ReactNode
}) {
  const store = useOptionalMessagesStore()
  const myBoards = useMyBoards()
  const { reload: reloadBoards } = myBoards
  const boardIds = myBoards.boards.map((b) => b.id).join(',')
  const [tallies, setTallies] = useState<Record<string, VoteTally>>({})
  const [version, setVersion] = useState(0)

  const load = useCallback(() => {
    getShortlist(conversationId)
      .then((list) => {
        setTallies(
          Object.fromEntries(
            list.items.map((i) => [i.pin.id, { votes: i.votes, voters: i.voters }]),
          ),
        )
        setVersion((v) => v + 1)
      })
      .catch(() => undefined)
  }, [conversationId])

  useEffect(() => {
    load()
    if (!store) return
    const offs = [
      store.live.on('shortlist.updated', (e) => {
        if (e.conversation_id !== conversationId) return
        setTallies((t) => ({ ...t, [e.pin_id]: { votes: e.votes, voters: e.voters } }))
        setVersion((v) => v + 1)
      }),
      store.live.onSync(load),
    ]
    return () => offs.forEach((off) => off())
  }, [store, conversationId, load])

  // a board made from this group's shortlist: the pickers offer it to its collaborators at once
  useEffect(() => {
    if (!store) return
    const known = new Set(boardIds.split(','))
    return store.live.on('message.created', (e) => {
      const a = e.message.attachment
      if (e.message.conversation_id !== conversationId || a?.type !== 'board' || !a.board) return
      if (!known.has(a.board.id)) reloadBoards()
    })
  }, [store, conversationId, boardIds, reloadBoards])

  const vote = useCallback(
    async (pinId: string, on: boolean) => {
      const answer = await votePin(conversationId, pinId, on ? 1 : 0)
      setTallies((t) => ({ ...t, [pinId]: { votes: answer.votes, voters: answer.voters } }))
      setVersion((v) => v + 1)
    },
    [conversationId],
  )

  return (
    <VotesContext.Provider value={{ conversationId, me, tallies, version, vote }}>
      {children}
    </VotesContext.Provider>
  )
}

/** The open group's votes, or null outside a group conversation. */
export function useVotes(): VotesValue | null {
  return useContext(VotesContext)
}

/** "👍 2": toggles the reader's vote on a pin shared in the open group; says who voted. */
export function VoteButton({ pinId }: { pinId: string }) {
  const votes = useVotes()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  if (!votes) return null
  const tally = votes.tallies[pinId] ?? { votes: 0, voters: [] }
  const mine = tally.voters.includes(votes.me)
  const who = tally.voters.length > 0 ? `: ${tally.voters.join(', ')}` : ''
  const toggle = async () => {
    setBusy(true)
    try {
      await votes.vote(pinId, !mine)
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <button
      type="button"
      className={`vote-button${mine ? ' vote-button-on' : ''}`}
      aria-pressed={mine}
      aria-busy={busy || undefined}
      aria-label={`Vote for this pin, ${tally.votes} ${tally.votes === 1 ? 'vote' : 'votes'}${who}`}
      title={tally.voters.length > 0 ? `Voted: ${tally.voters.join(', ')}` : 'Vote for this pin'}
      onClick={() => {
        if (!busy) void toggle()
      }}
    >
      <ThumbsUp size={15} aria-hidden="true" />
      <span>{mine ? 'Voted' : 'Vote'}</span>
      {tally.votes > 0 && <span className="vote-count">{tally.votes}</span>}
    </button>
  )
}
