import type { Db } from '../../db/database'
import { ForbiddenError, NotFoundError } from '../../errors'
import { mayMessageMany, refusalMessage } from './policy'
import type { ConversationRepository } from './repository'

/** The caller, as messaging needs them. */
export interface Sender {
  id: number
  username: string
}

/** The caller's membership of a conversation they are in now; anything else is 404. */
export async function requireMember(
  repo: Pick<ConversationRepository, 'membership'>,
  conn: Db,
  conversationId: number,
  userId: number,
) {
  const m = await repo.membership(conn, conversationId, userId)
  if (!m || m.left_seq !== null) throw new NotFoundError('Conversation')
  return m
}

/** Users by username (the viewer left out); an unknown one is 404. */
export async function resolveUsers(
  repo: Pick<ConversationRepository, 'usersByUsername'>,
  viewer: Sender,
  usernames: string[],
) {
  const names = [...new Set(usernames)].filter((n) => n !== viewer.username)
  const users = await repo.usersByUsername(names)
  if (users.length !== names.length) throw new NotFoundError('User')
  return names
    .map((n) => users.find((u) => u.username === n)!)
    .map((u) => ({ ...u, id: Number(u.id) }))
}

/** 403 with the first refusal unless the sender may message every one of `users`. */
export async function requireAllowed(
  db: Db,
  senderId: number,
  users: { id: number; username: string }[],
) {
  const decisions = await mayMessageMany(
    db,
    senderId,
    users.map((u) => u.id),
  )
  for (const u of users) {
    const d = decisions.get(u.id)
    if (d && !d.ok) throw new ForbiddenError(refusalMessage(d.reason, u.username), d.reason)
  }
}
