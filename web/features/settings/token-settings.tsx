import { Check, Copy, KeyRound } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { LIMITS } from '../../../protocol/limits'
import { SCOPES, type AccessToken, type Page, type Scope } from '../../../protocol/api'
import { api, messageOf } from '../../lib/api'
import { useResource } from '../../lib/use-resource'
import { Button } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { TextField } from '../../ui/field'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'

const SCOPE_TEXT: Record<Scope, string> = {
  'pins:read': 'Read pins',
  'pins:write': 'Create, edit and delete pins',
  'boards:read': 'Read boards',
  'boards:write': 'Create, edit and delete boards',
  'user_accounts:read': 'Read your account and follows',
  'user_accounts:write': 'Change your account and follows',
  'messages:read': 'Read your messages',
  'messages:write': 'Send messages',
  'ads:read': 'Read your promotions, influencers and analytics (business accounts)',
  'ads:write': 'Create promotions and thank-you runs (business accounts)',
}

function formatDate(iso: string | null): string {
  return iso ? new Date(iso).toLocaleDateString(undefined, { dateStyle: 'medium' }) : 'Never'
}

export function TokenSettings() {
  const tokens = useResource<Page<AccessToken>>('/v5/user_account/tokens')
  const toast = useToast()
  const [name, setName] = useState('')
  const [scopes, setScopes] = useState<Set<Scope>>(new Set(['pins:read', 'boards:read']))
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const [created, setCreated] = useState<{ name: string; token: string } | null>(null)
  const [copied, setCopied] = useState(false)
  const [revoking, setRevoking] = useState<AccessToken | null>(null)

  const toggle = (scope: Scope) => {
    setScopes((s) => {
      const next = new Set(s)
      if (next.has(scope)) next.delete(scope)
      else next.add(scope)
      return next
    })
  }

  const create = async (event: FormEvent) => {
    event.preventDefault()
    if (scopes.size === 0) {
      setError('Pick at least one scope.')
      return
    }
    setBusy(true)
    setError(null)
    try {
      const result = await api<{ id: string; token: string }>('/v5/user_account/tokens', {
        method: 'POST',
        body: { name: name.trim(), scopes: SCOPES.filter((s) => scopes.has(s)) },
      })
      setCreated({ name: name.trim(), token: result.token })
      setCopied(false)
      setName('')
      tokens.reload()
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  const copy = async () => {
    if (!created) return
    try {
      await navigator.clipboard.writeText(created.token)
      setCopied(true)
    } catch {
      toast.show('Copy failed; select the token and copy it by hand.', { tone: 'error' })
    }
  }

  return (
    <section className="settings-section" aria-labelledby="tokens-heading">
      <h2 id="tokens-heading">Personal access tokens</h2>
      <p className="settings-intro">
        Tokens let your scripts use the Corkboard API (it speaks Pinterest's API v5) as you. Give
        each one only the scopes it needs, and revoke it when you are done.
      </p>

      {created && (
        <div className="token-reveal" role="status">
          <p>
            <strong>Copy your new token “{created.name}” now.</strong> You will not see it again.
          </p>
          <div className="token-value">
            <code>{created.token}</code>
            <Button
              size="sm"
              icon={copied ? <Check size={16} /> : <Copy size={16} />}
              onClick={() => void copy()}
            >
              {copied ? 'Copied' : 'Copy'}
            </Button>
          </div>
          <Button size="sm" variant="ghost" onClick={() => setCreated(null)}>
            Done
          </Button>
        </div>
      )}

      <form className="form-stack token-form" onSubmit={create}>
        <h3>New token</h3>
        <TextField
          label="Name"
          placeholder="e.g. Backup script"
          required
          maxLength={LIMITS.account.tokenName}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        <fieldset className="scopes">
          <legend>Scopes</legend>
          {SCOPES.map((scope) => (
            <label key={scope} className="check">
              <input type="checkbox" checked={scopes.has(scope)} onChange={() => toggle(scope)} />
              <span>
                <code>{scope}</code>
                <small>{SCOPE_TEXT[scope]}</small>
              </span>
            </label>
          ))}
        </fieldset>
        <FormError message={error} />
        <div className="row-end">
          <Button type="submit" variant="primary" busy={busy} icon={<KeyRound size={16} />}>
            Create token
          </Button>
        </div>
      </form>

      <h3>Your tokens</h3>
      {tokens.status === 'loading' && <Spinner />}
      {tokens.status === 'error' && <ErrorState message={tokens.error} onRetry={tokens.reload} />}
      {tokens.data && tokens.data.items.length === 0 && <p className="muted">No tokens yet.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <ul className="token-list">
          {tokens.data.items.map((token) => (
            <li key={token.id}>
              <div>
                <strong>{token.name}</strong>
                <p className="token-scopes">{token.scopes.join(', ')}</p>
                <small className="muted">
                  Created {formatDate(token.created_at)} · Last used{' '}
                  {formatDate(token.last_used_at)}
                </small>
              </div>
              <Button size="sm" variant="secondary" onClick={() => setRevoking(token)}>
                Revoke
              </Button>
            </li>
          ))}
        </ul>
      )}
      <ConfirmDialog
        open={revoking !== null}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        confirmLabel="Revoke"
        onClose={() => setRevoking(null)}
        onConfirm={async () => {
          if (!revoking) return
          await api(`/v5/user_account/tokens/${revoking.id}`, { method: 'DELETE' })
          setRevoking(null)
          tokens.reload()
          toast.show('Token revoked')
        }}
      >
        Anything using this token stops working at once.
      </ConfirmDialog>
    </section>
  )
}
