import { Heart } from 'lucide-react'
import { useState } from 'react'
import type { Pin } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { useToast } from '../../ui/toast'
import { likePin } from './pins-api'

interface LikeButtonProps {
  pin: Pin
  onChange: (update: Pick<Pin, 'is_liked' | 'like_count'>) => void
  /** the message whose card this button sits on (the like is recorded with it) */
  messageId?: string
}

/** A heart with the like count; toggles at once and rolls back when the server refuses. */
export function LikeButton({ pin, onChange, messageId }: LikeButtonProps) {
  const toast = useToast()
  const [busy, setBusy] = useState(false)

  const toggle = async () => {
    const before = { is_liked: pin.is_liked, like_count: pin.like_count }
    const next = !pin.is_liked
    onChange({ is_liked: next, like_count: Math.max(0, pin.like_count + (next ? 1 : -1)) })
    setBusy(true)
    try {
      const result = await likePin(pin.id, next, messageId)
      if (result && typeof result.like_count === 'number') {
        onChange({ is_liked: next, like_count: result.like_count })
      }
    } catch (err) {
      onChange(before)
      toast.show(messageOf(err), { tone: 'error' })
    } finally {
      setBusy(false)
    }
  }

  const count = pin.like_count
  return (
    <button
      type="button"
      className={`like-button${pin.is_liked ? ' liked' : ''}`}
      aria-pressed={pin.is_liked}
      // the count shown is part of the name (WCAG 2.5.3, label in name)
      aria-label={`${pin.is_liked ? 'Unlike' : 'Like'}, ${count} ${count === 1 ? 'like' : 'likes'}`}
      title={pin.is_liked ? 'Unlike' : 'Like'}
      disabled={busy}
      onClick={() => void toggle()}
    >
      <Heart size={22} aria-hidden="true" fill={pin.is_liked ? 'currentColor' : 'none'} />
      <span className="like-count" aria-hidden="true">
        {count}
      </span>
    </button>
  )
}
