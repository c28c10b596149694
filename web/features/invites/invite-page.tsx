import { Clock, LinkIcon, MailCheck } from 'lucide-react'
import { useState, type ReactNode } from 'react'
import { Link, useNavigate, useParams } from 'react-router-dom'
import type { Account } from '../../../protocol/api'
import { useSession } from '../../app/session'
import { ApiError, messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useNoReferrer } from '../../lib/use-no-referrer'
import { useResource } from '../../lib/use-resource'
import { Avatar } from '../../ui/avatar'
import { Button, ButtonLink } from '../../ui/button'
import { CardNotice, CardPage } from '../../ui/card-page'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { conversationPath, displayName } from '../messages/messages-api'
import {
  acceptInvite,
  invitePath,
  invitePreviewPath,
  inviteRefusalText,
  type InvitePreview,
} from './invites-api'
import { SharedItemPreview } from './invite-preview'
import './invites.css'

const NOUNS = { pin: 'a Pin', board: 'a board', user: 'a profile' } as const

/**
 * `/invite/:token`, the link of an invite email: who sent what, and "Join Corkboard" (or, for
 * a member who is signed in, "Accept invite"). Opening it never uses the invite up.
 */
export function InvitePage() {
  const { token = '' } = useParams()
  const invite = useResource<InvitePreview>(invitePreviewPath(token))
  const { status } = useSession()
  useNoReferrer()
  useDocumentTitle(
    invite.data?.inviter ? `${displayName(invite.data.inviter)} invited you` : 'Your invite',
  )

  let body: ReactNode
  if (invite.notFound) body = <UnknownInvite />
  else if (invite.status === 'error')
    body = <ErrorState message={invite.error} onRetry={invite.reload} />
  else if (!invite.data || status === 'loading') body = <Spinner label="Loading your invite" />
  else body = <InviteDetails token={token} preview={invite.data} />

  return <CardPage>{body}</CardPage>
}

function InviteDetails({ token, preview }: { token: string; preview: InvitePreview }) {
  // set when accepting finds the invite used or expired since the page loaded
  const [closed, setClosed] = useState<'used' | 'expired' | null>(null)
  const status = closed ?? preview.status
  if (status !== 'valid') return <ClosedInvite status={status} inviter={preview.inviter} />

  const inviter = preview.inviter
  const name = inviter ? displayName(inviter) : 'Someone'
  return (
    <>
      <header className="invite-from">
        {inviter && <InviterAvatar username={inviter.username} />}
        <div>
          <h1>
            {name} sent you {NOUNS[preview.attachment.type]}
          </h1>
          <p>Corkboard is where people keep the ideas they love, and share them.</p>
        </div>
      </header>
      {preview.note && (
        <blockquote className="invite-note">
          <p>{preview.note}</p>
        </blockquote>
      )}
      <SharedItemPreview attachment={preview.attachment} username={preview.shared_username} />
      <InviteActions token={token} preview={preview} onClosed={setClosed} />
    </>
  )
}

function InviterAvatar({ username }: { username: string }) {
  const profile = useResource<Account>(`/v5/users/${encodeURIComponent(username)}`)
  return <Avatar username={username} src={profile.data?.profile_image} size={56} />
}

function InviteActions({
  token,
  preview,
  onClosed,
}: {
  token: string
  preview: InvitePreview
  onClosed: (status: 'used' | 'expired') => void
}) {
  const { account, signOut } = useSession()
  const navigate = useNavigate()
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [wrongAccount, setWrongAccount] = useState(false)

  if (!account) {
    return (
      <div className="invite-actions">
        <ButtonLink
          to={`/signup?invite=${encodeURIComponent(token)}`}
          variant="primary"
          size="lg"
          className="invite-main-button"
        >
          Join Corkboard
        </ButtonLink>
        <p className="invite-switch">
          Already a member?{' '}
          <Link to="/login" state={{ from: invitePath(token) }}>
            Log in
          </Link>
        </p>
        <p className="invite-fineprint">This invite was sent to {preview.email}.</p>
      </div>
    )
  }

  const accept = async () => {
    setBusy(true)
    setError(null)
    try {
      const { conversation_id } = await acceptInvite(token)
      if (!conversation_id) toast.show('Invite accepted: you now follow each other.')
      navigate(conversation_id ? conversationPath(conversation_id) : '/messages', {
        replace: true,
      })
    } catch (err) {
      setBusy(false)
      if (err instanceof ApiError && err.reason === 'invite_wrong_account') setWrongAccount(true)
      else if (err instanceof ApiError && err.reason === 'invite_used') onClosed('used')
      else if (err instanceof ApiError && err.reason === 'invite_expired') onClosed('expired')
      else setError(messageOf(err))
    }
  }

  const logOut = () => {
    signOut().catch((err: unknown) => toast.show(messageOf(err), { tone: 'error' }))
  }

  const signedInAs = (
    <p className="invite-fineprint">
      Logged in as <strong>@{account.username}</strong>.
    </p>
  )

  if (wrongAccount || account.email.toLowerCase() !== preview.email) {
    return (
      <div className="invite-actions">
        <p className="invite-problem" role="alert">
          {inviteRefusalText('invite_wrong_account')} Log out, then log in or sign up as{' '}
          <strong>{preview.email}</strong> to use it.
        </p>
        <Button variant="primary" size="lg" className="invite-main-button" onClick={logOut}>
          Log out
        </Button>
        {signedInAs}
      </div>
    )
  }

  return (
    <div className="invite-actions">
      <Button
        variant="primary"
        size="lg"
        className="invite-main-button"
        busy={busy}
        onClick={() => void accept()}
      >
        Accept invite
      </Button>
      <FormError message={error} />
      {signedInAs}
    </div>
  )
}

function ClosedInvite({
  status,
  inviter,
}: {
  status: 'used' | 'expired'
  inviter: InvitePreview['inviter']
}) {
  const { account } = useSession()
  const name = inviter ? displayName(inviter) : null
  return (
    <CardNotice
      icon={status === 'used' ? <MailCheck size={28} /> : <Clock size={28} />}
      title={status === 'used' ? 'This invite has already been used' : 'This invite has expired'}
      actions={
        <>
          {inviter && (
            <ButtonLink to={`/u/${encodeURIComponent(inviter.username)}`} variant="primary">
              Visit {name}’s profile
            </ButtonLink>
          )}
          {account ? (
            <ButtonLink to="/messages">Open your messages</ButtonLink>
          ) : (
            <ButtonLink to="/signup">Sign up anyway</ButtonLink>
          )}
        </>
      }
    >
      An invite works once, for 7 days.{' '}
      {name ? `Ask ${name} to send you a new one.` : 'Ask for a new one.'}
    </CardNotice>
  )
}

function UnknownInvite() {
  return (
    <CardNotice
      icon={<LinkIcon size={28} />}
      title="This invite link does not work"
      actions={
        <ButtonLink to="/" variant="primary">
          Go to Corkboard
        </ButtonLink>
      }
    >
      Check that the whole link was copied from the email, or ask for a new invite.
    </CardNotice>
  )
}
