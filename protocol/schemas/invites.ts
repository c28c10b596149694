import { Type } from 'typebox'
import { Id, Nullable, Time } from './common'

export const AttachmentRef = Type.Object(
  {
    type: Type.Union([Type.Literal('pin'), Type.Literal('board'), Type.Literal('user')]),
    id: Id,
  },
  { title: 'AttachmentRef' },
)

/** An invite as its landing page shows it. */
export const InvitePreview = Type.Object(
  {
    status: Type.Union([Type.Literal('valid'), Type.Literal('used'), Type.Literal('expired')]),
    email: Type.String(),
    inviter: Nullable(
      Type.Object({ username: Type.String(), business_name: Nullable(Type.String()) }),
    ),
    note: Nullable(Type.String()),
    attachment: AttachmentRef,
    shared_username: Nullable(Type.String()),
    expires_at: Time,
  },
  { title: 'InvitePreview' },
)

export const InviteAccepted = Type.Object(
  { conversation_id: Nullable(Id) },
  { title: 'InviteAccepted' },
)

/** Whose unread-message emails an unsubscribe link is for, and whether they are on. */
export const EmailSubscription = Type.Object(
  { username: Type.String(), unread_digest_email: Type.Boolean() },
  { title: 'EmailSubscription' },
)
