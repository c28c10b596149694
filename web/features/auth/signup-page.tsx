import { useState } from 'react'
import { Link, Navigate, useSearchParams } from 'react-router-dom'
import { LIMITS } from '../../../protocol/limits'
import type { InstanceInfo } from '../../../protocol/schemas/instance'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useNoReferrer } from '../../lib/use-no-referrer'
import { useResource } from '../../lib/use-resource'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { PasswordField } from '../../ui/password-field'
import { FormError, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import {
  invitePath,
  invitePreviewPath,
  inviteRefusalText,
  type InvitePreview,
  type SignupResult,
} from '../invites/invites-api'
import { conversationPath, displayName } from '../messages/messages-api'
import { AuthLayout } from './auth-layout'
import { useAuthForm } from './use-auth-form'

/**
 * Sign-up; from an invite (`?invite=TOKEN`), with its address filled in and accepted on the way.
 * A closed instance, or an invite-only one without an invite, says so instead of a form.
 */
export function SignupPage() {
  const [params] = useSearchParams()
  const token = params.get('invite')
  const preview = useResource<InvitePreview>(token ? invitePreviewPath(token) : null)
  // who may sign up (a failed read shows the form: the sign-up's own answer says why not)
  const instance = useResource<InstanceInfo>('/v5/instance')
  useNoReferrer(token !== null)
  useDocumentTitle('Sign up')

  if ((token && preview.status === 'loading') || instance.status === 'loading') {
    return (
      <AuthLayout title="Join Corkboard">
        <Spinner label={token ? 'Loading your invite' : 'Loading'} />
      </AuthLayout>
    )
  }
  const registrations = instance.data?.registrations
  if (registrations === 'closed' || (registrations === 'invite_only' && !token)) {
    return <RegistrationsShut closed={registrations === 'closed'} />
  }
  // An invite that cannot be read still goes with the sign-up: the answer says what became of it.
  return <SignupForm invite={token ? { token, preview: preview.data } : null} />
}

/** Why there is no form: registrations are closed, or the instance takes invited people only. */
function RegistrationsShut({ closed }: { closed: boolean }) {
  return (
    <AuthLayout title={closed ? 'Registrations are closed' : 'Invite only'}>
      <p className="auth-lede">
        {closed
          ? 'This Corkboard is not taking new members right now.'
          : 'This Corkboard is invite only: to join, open the link in the invite a member sent to your email address.'}
      </p>
      <p className="auth-switch">
        Already a member? <Link to="/login">Log in</Link>
      </p>
    </AuthLayout>
  )
}

interface InviteContext {
  token: string
  preview: InvitePreview | null
}

function SignupForm({ invite }: { invite: InviteContext | null }) {
  const [username, setUsername] = useState('')
  const [email, setEmail] = useState(invite?.preview?.email ?? '')
  const [password, setPassword] = useState('')
  const toast = useToast()
  const back = invite ? invitePath(invite.token) : undefined
  const { redirect, submit, busy, error, state } = useAuthForm('/v5/auth/signup', back)
  const preview = invite?.preview?.status === 'valid' ? invite.preview : null
  const inviter = preview?.inviter

  if (redirect) return <Navigate to={redirect} replace />

  const afterSignup = (result: SignupResult): string => {
    const outcome = result.invite
    if (outcome?.accepted) {
      return outcome.conversation_id ? conversationPath(outcome.conversation_id) : '/messages'
    }
    if (outcome) {
      toast.show(`${inviteRefusalText(outcome.reason)} Your account is ready all the same.`)
    }
    return '/'
  }

  const body = () => ({
    username: username.trim(),
    email: email.trim(),
    password,
    ...(invite ? { invite_token: invite.token } : {}),
  })

  return (
    <AuthLayout title="Join Corkboard">
      <p className="auth-lede">
        {inviter
          ? `${displayName(inviter)} is waiting for you: sign up to see what they sent.`
          : 'Find ideas, save them to boards, share them with friends.'}
      </p>
      <form className="auth-form" onSubmit={invite ? submit(body, afterSignup) : submit(body)}>
        <TextField
          label="Username"
          autoComplete="username"
          required
          autoFocus
          minLength={3}
          maxLength={LIMITS.account.username}
          pattern="[a-z0-9_]+"
          hint="3–30 lowercase letters, digits or _"
          value={username}
          onChange={(e) => setUsername(e.target.value.toLowerCase())}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          hint={
            !preview
              ? undefined
              : email.trim().toLowerCase() === preview.email
                ? 'Your invite was sent to this address.'
                : `Your invite was sent to ${preview.email}: sign up with it to accept the invite.`
          }
          value={email}
          onChange={(e) => setEmail(e.target.value)}
        />
        <PasswordField label="Password" kind="new" value={password} onChange={setPassword} />
        <FormError message={error} />
        <Button type="submit" variant="primary" size="lg" busy={busy}>
          Sign up
        </Button>
      </form>
      <p className="auth-switch">
        Already a member?{' '}
        <Link to="/login" state={back ? { from: back } : state}>
          Log in
        </Link>
      </p>
    </AuthLayout>
  )
}
