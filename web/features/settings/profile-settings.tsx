import { Camera } from 'lucide-react'
import { useRef, useState, type FormEvent } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { OwnAccount } from '../../../protocol/api'
import { useAccount, useSession } from '../../app/session'
import { api, messageOf } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { imageFileProblem, readFileAsBase64 } from '../../lib/image-file'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { TextArea, TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

const AVATAR_MAX_BYTES = 5 * 1024 * 1024

export function ProfileSettings() {
  const account = useAccount()
  const { setAccount } = useSession()
  const toast = useToast()
  const fileRef = useRef<HTMLInputElement>(null)
  const [about, setAbout] = useState(account.about ?? '')
  const [website, setWebsite] = useState(account.website_url ?? '')
  const [businessName, setBusinessName] = useState(account.business_name ?? '')
  const { busy, error, run } = useAction()
  const [avatarBusy, setAvatarBusy] = useState(false)
  const [avatarError, setAvatarError] = useState<string | null>(null)

  const save = async (event: FormEvent) => {
    event.preventDefault()
    await run(async () => {
      const body: Record<string, string | null> = {
        about: about.trim(),
        website_url: website.trim() || null,
      }
      if (account.account_type === 'BUSINESS') body.business_name = businessName.trim() || null
      const updated = await api<OwnAccount>('/v5/user_account', { method: 'PATCH', body })
      setAccount({ ...account, ...updated })
      toast.show('Profile saved')
    })
  }

  const uploadAvatar = async (file: File | undefined) => {
    if (!file) return
    const problem = imageFileProblem(file, AVATAR_MAX_BYTES)
    setAvatarError(problem)
    if (problem) return
    setAvatarBusy(true)
    try {
      const updated = await api<Partial<OwnAccount> | undefined>('/v5/user_account/avatar', {
        method: 'PUT',
        body: {
          source_type: 'image_base64',
          content_type: file.type,
          data: await readFileAsBase64(file),
        },
      })
      if (updated && 'profile_image' in updated) {
        setAccount({ ...account, ...updated })
      } else {
        setAccount(await api<OwnAccount>('/v5/user_account'))
      }
      toast.show('New profile picture saved')
    } catch (err) {
      setAvatarError(messageOf(err))
    } finally {
      setAvatarBusy(false)
      if (fileRef.current) fileRef.current.value = ''
    }
  }

  return (
    <section className="settings-section" aria-labelledby="profile-heading">
      <h2 id="profile-heading">Public profile</h2>
      <p className="settings-intro">People who visit your profile see this.</p>
      <div className="avatar-row">
        <Avatar username={account.username} src={account.profile_image} size={88} />
        <div>
          <Button
            icon={<Camera size={18} />}
            busy={avatarBusy}
            onClick={() => fileRef.current?.click()}
          >
            Change photo
          </Button>
          <input
            ref={fileRef}
            type="file"
            accept="image/jpeg,image/png,image/webp"
            className="visually-hidden"
            aria-label="Choose a profile photo"
            tabIndex={-1}
            onChange={(e) => void uploadAvatar(e.target.files?.[0])}
          />
          <FormError message={avatarError} />
        </div>
      </div>
      <form className="form-stack" onSubmit={save}>
        <TextField
          label="Username"
          value={account.username}
          disabled
          hint="Usernames cannot change."
        />
        {account.account_type === 'BUSINESS' && (
          <TextField
            label="Business name"
            value={businessName}
            maxLength={LIMITS.account.businessName}
            onChange={(e) => setBusinessName(e.target.value)}
          />
        )}
        <TextArea
          label="About"
          value={about}
          maxLength={LIMITS.account.about}
          showCount
          rows={4}
          placeholder="Tell your story"
          onChange={(e) => setAbout(e.target.value)}
        />
        <TextField
          label="Website"
          type="url"
          value={website}
          maxLength={LIMITS.account.websiteUrl}
          placeholder="https://"
          onChange={(e) => setWebsite(e.target.value)}
        />
        <FormError message={error} />
        <div className="row-end">
          <Button type="submit" variant="primary" busy={busy}>
            Save
          </Button>
        </div>
      </form>
    </section>
  )
}
