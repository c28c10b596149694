import { useState } from 'react'
import { api, messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { useToast } from '../../ui/toast'

interface FollowButtonProps {
  username: string
  following: boolean
  onChange?: (following: boolean) => void
  size?: 'sm' | 'md' | 'lg'
}

/** Follow / Unfollow a person; the change shows at once and rolls back if refused. */
export function FollowButton({ username, following, onChange, size = 'md' }: FollowButtonProps) {
  const toast = useToast()
  const [busy, setBusy] = useState(false)

  const toggle = async () => {
    const next = !following
    setBusy(true)
    onChange?.(next)
    try {
      await api(`/v5/user_account/following/${encodeURIComponent(username)}`, {
        method: next ? 'POST' : 'DELETE',
      })
    } catch (err) {
      onChange?.(!next)
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  return (
    <Button
      variant={following ? 'secondary' : 'primary'}
      size={size}
      disabled={busy}
      aria-pressed={following}
      onClick={() => void toggle()}
    >
      {following ? 'Following' : 'Follow'}
    </Button>
  )
}
