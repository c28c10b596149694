import { Download, FileArchive } from 'lucide-react'
import { useEffect, useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router-dom'
import type { DataExportJson } from '../../../protocol/schemas/data'
import { useSession } from '../../app/session'
import { ApiError, api, messageOf, setCsrfToken } from '../../lib/api'
import { describeBytes } from '../../lib/image-file'
import { useAction } from '../../lib/use-action'
import { useResource } from '../../lib/use-resource'
import { Button } from '../../ui/button'
import { Dialog } from '../../ui/dialog'
import { PasswordField } from '../../ui/password-field'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import { useToast } from '../../ui/toast'
import './your-data.css'

const formatDate = (iso: string | null) =>
  iso
    ? new Date(iso).toLocaleString(undefined, {
        dateStyle: 'medium',
        timeStyle: 'short',
      })
    : '—'

const STATUS_TEXT: Record<DataExportJson['status'], string> = {
  pending: 'Being prepared…',
  ready: 'Ready',
  failed: 'Could not be made',
  expired: 'Expired',
}

/** Settings → Your data: a ZIP of everything, and deleting the account. */
export function YourDataSettings() {
  return (
    <>
      <ExportSection />
      <DeleteSection />
    </>
  )
}

function ExportSection() {
  const toast = useToast()
  const exports = useResource<{ items: DataExportJson[] }>('/v5/user_account/exports')
  const { busy, error, run } = useAction()
  const items = exports.data?.items ?? []
  const pending = items.some((e) => e.status === 'pending')
  const { reload } = exports

  // while one is being made, look again now and then (the notice and the mail say so too)
  useEffect(() => {
    if (!pending) return
    const timer = setInterval(reload, 2000)
    return () => clearInterval(timer)
  }, [pending, reload])

  const request = () =>
    run(async () => {
      await api('/v5/user_account/exports', { method: 'POST' })
      reload()
      toast.show('Your export is being prepared. We will email you when it is ready.')
    })

  return (
    <section className="settings-section" aria-labelledby="export-heading">
      <h2 id="export-heading">Download your data</h2>
      <p className="settings-intro">
        One ZIP file with your profile, boards and sections, pins with their pictures, the people
        and boards you follow, your followers, the people you blocked, and the conversations you are
        in. It is kept for 7 days; we email you when it is ready.
      </p>
      <div className="row-start">
        <Button
          variant="primary"
          busy={busy}
          disabled={pending}
          icon={<FileArchive size={18} aria-hidden="true" />}
          onClick={() => void request()}
        >
          Request a download
        </Button>
      </div>
      <FormError message={error} />
      {exports.status === 'loading' && <Spinner label="Loading your exports" />}
      {exports.status === 'error' && <ErrorState message={exports.error} onRetry={reload} />}
      {items.length > 0 && (
        <>
          <h3>Your exports</h3>
          <ul className="export-list" aria-live="polite">
            {items.map((item) => (
              <li key={item.id} className={`export-item export-${item.status}`}>
                <div className="export-text">
                  <strong>Requested {formatDate(item.created_at)}</strong>
                  <small className="muted">
                    {STATUS_TEXT[item.status]}
                    {item.status === 'ready' &&
                      ` · ${describeBytes(item.size_bytes ?? 0)} · until ${formatDate(item.expires_at)}`}
                  </small>
                </div>
                {item.status === 'pending' && <Spinner label="Being prepared" />}
                {item.status === 'ready' && item.download_url && (
                  <a
                    className="btn btn-secondary btn-sm"
                    href={new URL(item.download_url).pathname}
                    download
                  >
                    <Download size={16} aria-hidden="true" />
                    Download
                    <span className="visually-hidden">
                      {' '}
                      the export of {formatDate(item.created_at)}
                    </span>
                  </a>
                )}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  )
}

function DeleteSection() {
  const [open, setOpen] = useState(false)
  const [password, setPassword] = useState('')
  const { busy, error, setError, run } = useAction()
  const { signOut } = useSession()
  const navigate = useNavigate()
  const toast = useToast()

  const close = () => {
    setOpen(false)
    setPassword('')
    setError(null)
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    void run(async () => {
      try {
        await api('/v5/user_account', { method: 'DELETE', body: { password } })
      } catch (err) {
        if (err instanceof ApiError && err.reason === 'invalid_credentials') {
          throw new Error('That password is not right.', { cause: err })
        }
        throw err
      }
      setCsrfToken(null)
      await signOut().catch((err: unknown) => console.warn(messageOf(err)))
      navigate('/login', { replace: true })
      toast.show('Your account was deleted.')
    })
  }

  return (
    <section className="settings-section danger-zone" aria-labelledby="delete-heading">
      <h2 id="delete-heading">Delete your account</h2>
      <p className="settings-intro">
        Your pins, boards, likes and follows are deleted for good. Messages you sent stay in their
        conversations for the other people in them, shown as from “Deleted account”. Your username
        cannot be taken by anyone for 30 days.
      </p>
      <div className="row-start">
        <Button variant="danger" onClick={() => setOpen(true)}>
          Delete account…
        </Button>
      </div>
      <Dialog
        open={open}
        onClose={close}
        title="Delete your account?"
        size="sm"
        footer={
          <>
            <Button variant="ghost" onClick={close}>
              Cancel
            </Button>
            <Button variant="danger" type="submit" form="delete-account-form" busy={busy}>
              Delete my account
            </Button>
          </>
        }
      >
        <form id="delete-account-form" className="form-stack" onSubmit={submit}>
          <p className="confirm-text">
            This cannot be undone. Download your data first if you want to keep it.
          </p>
          <PasswordField
            label="Your password"
            kind="current"
            value={password}
            onChange={setPassword}
          />
          <FormError message={error} />
        </form>
      </Dialog>
    </section>
  )
}
