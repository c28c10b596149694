import { Type } from 'typebox'
import { UserSummary } from './accounts'
import { Board } from './boards'
import { SavedBy } from './credit'
import { Id, Nullable, Time } from './common'
import { Pin } from './pins'

export const MessagingRefusal = Type.Union([
  Type.Literal('blocked'),
  Type.Literal('policy_nobody'),
  Type.Literal('not_mutual'),
  Type.Literal('not_followed'),
])

/**
 * A person in the messaging typeahead (the people picker): whether the viewer may message them
 * now and, when not, why (`reason`: never `blocked` — blocked people are never listed) and
 * whether they follow the viewer (`follows_you`), so a client can say what would change it.
 */
export const MessagingCandidate = Type.Object(
  {
    ...UserSummary.properties,
    can_message: Type.Boolean(),
    reason: Nullable(
      Type.Union([
        Type.Literal('policy_nobody'),
        Type.Literal('not_mutual'),
        Type.Literal('not_followed'),
      ]),
    ),
    follows_you: Type.Boolean(),
  },
  { title: 'MessagingCandidate' },
)

/**
 * What a message carries, as its reader may see it (null inside: not visible to them;
 * `removed: true` besides: a moderator took it down).
 */
export const Attachment = Type.Union(
  [
    Type.Object({
      type: Type.Literal('pin'),
      pin: Nullable(Pin),
      removed: Type.Optional(Type.Boolean()),
    }),
    Type.Object({
      type: Type.Literal('board'),
      board: Nullable(Board),
      removed: Type.Optional(Type.Boolean()),
    }),
    Type.Object({ type: Type.Literal('user'), user: Nullable(UserSummary) }),
  ],
  { title: 'Attachment' },
)

/** One emoji's reactions to a message: who, in order of their reaction. */
export const MessageReaction = Type.Object(
  {
    emoji: Type.String(),
    count: Type.Integer({ minimum: 1 }),
    usernames: Type.Array(Type.String()),
  },
  { title: 'MessageReaction' },
)

/** The message a reply quotes: text and attachment null when it was removed. */
export const MessageReplyTo = Type.Object(
  {
    id: Id,
    seq: Type.Integer({ minimum: 1 }),
    sender: Type.Object({
      username: Type.String(),
      deleted: Type.Optional(Type.Boolean()),
    }),
    text: Nullable(Type.String()),
    attachment: Nullable(Attachment),
  },
  { title: 'MessageReplyTo' },
)

export const Message = Type.Object(
  {
    id: Id,
    conversation_id: Id,
    seq: Type.Integer({ minimum: 1 }),
    sender: Type.Object({
      username: Type.String(),
      /** the sender deleted their account (shown as "Deleted account"); absent otherwise */
      deleted: Type.Optional(Type.Boolean()),
    }),
    created_at: Time,
    client_message_id: Type.String(),
    text: Nullable(Type.String()),
    attachment: Nullable(Attachment),
    /** the promotion a brand's thank-you was sent for (the recipient's "mute" banner); else null */
    promotion_id: Nullable(Id),
    /** who saved its pin from the card (issue 17): in the sender's own view only, else [] */
    saved_by: Type.Array(SavedBy),
    /** unsent by its sender or taken down by a moderator: text and attachment are null */
    removed: Type.Boolean(),
    /** reactions, one entry per emoji, in order of first reaction (issue 17) */
    reactions: Type.Array(MessageReaction),
    /** the message this one replies to, as the reader sees it; null: not a reply (or not visible) */
    reply_to: Nullable(MessageReplyTo),
    /** when the sender last edited it; null: never */
    edited_at: Nullable(Time),
  },
  { title: 'Message' },
)

export const Conversation = Type.Object(
  {
    id: Id,
    is_group: Type.Boolean(),
    title: Nullable(Type.String()),
    participants: Type.Array(UserSummary),
    last_message: Nullable(Message),
    unread_count: Type.Integer({ minimum: 0 }),
    muted: Type.Boolean(),
    created_at: Time,
    last_seq: Type.Integer({ minimum: 0 }),
    read_seqs: Type.Record(Type.String(), Type.Integer({ minimum: 0 }), {
      description: 'username → last read seq, of the other current members',
    }),
  },
  { title: 'Conversation' },
)

export const UnreadCount = Type.Object(
  {
    unread_count: Type.Integer({ minimum: 0 }),
    conversations_with_unread: Type.Integer({ minimum: 0 }),
  },
  { title: 'UnreadCount' },
)

export const ShareResult = Type.Object(
  {
    conversations: Type.Array(Conversation),
    invites: Type.Array(Type.Object({ email: Type.String() })),
    refused: Type.Array(Type.Object({ username: Type.String(), reason: MessagingRefusal })),
  },
  { title: 'ShareResult' },
)

export const ReadMarker = Type.Object(
  { conversation_id: Id, last_read_seq: Type.Integer({ minimum: 0 }) },
  { title: 'ReadMarker' },
)

export const MessageReport = Type.Object(
  { id: Id, message_id: Id, reason: Type.String(), created_at: Time },
  { title: 'MessageReport' },
)
