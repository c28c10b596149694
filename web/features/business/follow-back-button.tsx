import { useState } from 'react'
import type { UserSummary } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { useToast } from '../../ui/toast'
import { displayName } from '../messages/messages-api'
import { followBack } from './business-api'

/** Follows back someone who follows the brand (then the brand may message them); says so. */
export function FollowBackButton({ user, onDone }: { user: UserSummary; onDone: () => void }) {
  const toast = useToast()
  const [busy, setBusy] = useState(false)
  const name = displayName(user)
  const follow = async () => {
    setBusy(true)
    try {
      await followBack(user.username)
      onDone()
      toast.show(`You follow ${name} now`)
    } catch (err) {
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }
  return (
    <Button
      size="sm"
      variant="primary"
      busy={busy}
      aria-label={`Follow back ${name}`}
      onClick={() => void follow()}
    >
      Follow back
    </Button>
  )
}
