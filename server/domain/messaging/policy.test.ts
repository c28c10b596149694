import { describe, expect, it } from 'vitest'
import type { MessagePolicy } from '../../../protocol/api'
import { decide, type PolicyDecision } from './policy'

/** A tiny social graph: who follows whom, who blocked whom, each person's policy. */
interface Graph {
  follows: [string, string][]
  blocks: [string, string][]
  policy: Record<string, MessagePolicy>
}

function mayMessageIn(g: Graph, sender: string, recipient: string): PolicyDecision {
  const has = (edges: [string, string][], a: string, b: string) =>
    edges.some(([x, y]) => x === a && y === b)
  return decide({
    blocked: has(g.blocks, sender, recipient) || has(g.blocks, recipient, sender),
    recipientPolicy: g.policy[recipient] ?? 'mutual',
    recipientFollowsSender: has(g.follows, recipient, sender),
    senderFollowsRecipient: has(g.follows, sender, recipient),
  })
}

const FOLLOW_STATES = {
  none: [],
  'a→b': [['a', 'b']],
  'b→a': [['b', 'a']],
  both: [
    ['a', 'b'],
    ['b', 'a'],
  ],
} as const satisfies Record<string, [string, string][]>

const BLOCK_STATES = {
  none: [],
  'a blocks b': [['a', 'b']],
  'b blocks a': [['b', 'a']],
} as const satisfies Record<string, [string, string][]>

/** The rule, written out as a table of expectations rather than re-derived. */
function expected(policy: MessagePolicy, follows: string, blocks: string): string {
  if (blocks !== 'none') return 'blocked'
  if (policy === 'nobody') return 'policy_nobody'
  if (policy === 'following') return follows === 'b→a' || follows === 'both' ? 'ok' : 'not_followed'
  return follows === 'both' ? 'ok' : 'not_mutual'
}

describe('who may message whom (a → b)', () => {
  for (const policy of ['mutual', 'following', 'nobody'] as const) {
    for (const [followName, follows] of Object.entries(FOLLOW_STATES)) {
      for (const [blockName, blocks] of Object.entries(BLOCK_STATES)) {
        it(`b's policy ${policy}, follows ${followName}, blocks ${blockName}`, () => {
          const g: Graph = {
            follows: follows.map(([x, y]) => [x, y]),
            blocks: blocks.map(([x, y]) => [x, y]),
            policy: { b: policy },
          }
          const d = mayMessageIn(g, 'a', 'b')
          expect(d.ok ? 'ok' : d.reason).toBe(expected(policy, followName, blockName))
        })
      }
    }
  }

  it("only the recipient's policy counts, not the sender's", () => {
    const g: Graph = {
      follows: [
        ['a', 'b'],
        ['b', 'a'],
      ],
      blocks: [],
      policy: { a: 'nobody', b: 'mutual' },
    }
    expect(mayMessageIn(g, 'a', 'b')).toEqual({ ok: true })
    expect(mayMessageIn(g, 'b', 'a')).toEqual({ ok: false, reason: 'policy_nobody' })
  })
})
