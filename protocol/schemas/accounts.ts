import { Type } from 'typebox'
import { SCOPES } from '../api'
import { Id, Nullable, Time } from './common'

export const AccountType = Type.Union([Type.Literal('PINNER'), Type.Literal('BUSINESS')])
export const MessagePolicy = Type.Union([
  Type.Literal('mutual'),
  Type.Literal('following'),
  Type.Literal('nobody'),
])
export const ScopeName = Type.Enum(SCOPES)

const accountFields = {
  id: Id,
  username: Type.String(),
  account_type: AccountType,
  business_name: Nullable(Type.String()),
  about: Type.String(),
  profile_image: Nullable(Type.String()),
  website_url: Nullable(Type.String()),
  board_count: Type.Integer({ minimum: 0 }),
  pin_count: Type.Integer({ minimum: 0 }),
  follower_count: Type.Integer({ minimum: 0 }),
  following_count: Type.Integer({ minimum: 0 }),
  is_following: Type.Optional(Type.Boolean()),
  follows_you: Type.Optional(Type.Boolean()),
  is_blocked: Type.Optional(Type.Boolean()),
}

/** A public profile (Pinterest's Account). */
export const Account = Type.Object(accountFields, { title: 'Account' })

/** The signed-in account, with its private settings. */
export const OwnAccount = Type.Object(
  {
    ...accountFields,
    email: Type.String(),
    message_policy: MessagePolicy,
    unread_digest_email: Type.Boolean(),
    created_at: Time,
    pending_email: Type.Optional(
      Nullable(
        Type.String({
          description: 'a new address waiting for the link mailed to it to be opened',
        }),
      ),
    ),
    /** what the person may do to run the instance; shown to no one else */
    role: Nullable(Type.Union([Type.Literal('admin'), Type.Literal('moderator')])),
  },
  { title: 'OwnAccount' },
)

/** Pinterest's UserSummary, with what a people list needs to render a row. */
export const UserSummary = Type.Object(
  {
    type: Type.Literal('user'),
    id: Id,
    username: Type.String(),
    account_type: AccountType,
    business_name: Nullable(Type.String()),
    profile_image: Nullable(Type.String()),
    is_following: Type.Optional(Type.Boolean()),
  },
  { title: 'UserSummary' },
)

export const AccessToken = Type.Object(
  {
    id: Id,
    name: Type.String(),
    scopes: Type.Array(ScopeName),
    created_at: Time,
    last_used_at: Nullable(Time),
  },
  { title: 'AccessToken' },
)

export const CreatedToken = Type.Object(
  { id: Id, token: Type.String({ description: 'the secret, shown this once' }) },
  { title: 'CreatedToken' },
)

export const AuthResult = Type.Object(
  { account: OwnAccount, csrf_token: Type.String() },
  { title: 'AuthResult' },
)

/** A new CSRF token: the session it belonged to was replaced. */
export const CsrfToken = Type.Object({ csrf_token: Type.String() }, { title: 'CsrfToken' })

/** The web app's session after a reload (`csrf_token` null when its cookie is gone). */
export const SessionResult = Type.Object(
  { account: OwnAccount, csrf_token: Nullable(Type.String()) },
  { title: 'SessionResult' },
)

/** Sign-up's answer: with `invite` when it came with an invite token, whether or not accepted. */
export const SignupResult = Type.Object(
  {
    account: OwnAccount,
    csrf_token: Type.String(),
    invite: Type.Optional(
      Type.Union([
        Type.Object({ accepted: Type.Literal(true), conversation_id: Nullable(Id) }),
        Type.Object({ accepted: Type.Literal(false), reason: Type.String() }),
      ]),
    ),
  },
  { title: 'SignupResult' },
)
