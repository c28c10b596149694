import { Send } from 'lucide-react'
import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Pin } from '../../../protocol/api'
import type { AlreadyShared } from '../../../protocol/messages'
import { useSession } from '../../app/session'
import { api } from '../../lib/api'
import { Button } from '../../ui/button'
import { useToast } from '../../ui/toast'
import { shortDate } from '../business/business-api'
import { pinImage } from '../pins/pins-api'
import { useMessagesStore } from './messages-context'
import './credit.css'

/** Whether the pin (or another with the same picture) was shared in the conversation before. */
export function alreadyShared(
  conversationId: string,
  pinId: string,
): Promise<{ shared: AlreadyShared | null }> {
  return api(`/v5/conversations/${conversationId}/already_shared`, { query: { pin_id: pinId } })
}

/**
 * Déjà vu for the composer: a pin picked to send goes out at once unless it — or another pin
 * with the same picture — is already in the conversation; then `notice` says so ("Already
 * shared by ana on 3 Mar · View") and the person sends it anyway or not. A check that fails
 * never stops a send.
 */
export function useDejaVu(
  conversationId: string,
  send: (pin: Pin) => void,
): { pick: (pin: Pin) => void; notice: ReactNode } {
  const [held, setHeld] = useState<{ pin: Pin; shared: AlreadyShared } | null>(null)
  const checking = useRef(0)
  // where focus was when the pin was picked (its thumbnail): back there when not sent
  const from = useRef<HTMLElement | null>(null)

  const pick = (pin: Pin) => {
    from.current = document.activeElement instanceof HTMLElement ? document.activeElement : null
    const ticket = ++checking.current
    alreadyShared(conversationId, pin.id).then(
      ({ shared }) => {
        if (ticket !== checking.current) return
        if (shared) setHeld({ pin, shared })
        else send(pin)
      },
      () => ticket === checking.current && send(pin),
    )
  }

  const notice = held && (
    <DejaVuNotice
      key={held.pin.id}
      conversationId={conversationId}
      pin={held.pin}
      shared={held.shared}
      onSend={() => {
        setHeld(null)
        send(held.pin)
      }}
      onCancel={() => {
        setHeld(null)
        if (from.current?.isConnected) from.current.focus()
      }}
    />
  )
  return { pick, notice }
}

function DejaVuNotice({
  conversationId,
  pin,
  shared,
  onSend,
  onCancel,
}: {
  conversationId: string
  pin: Pin
  shared: AlreadyShared
  onSend: () => void
  onCancel: () => void
}) {
  const { account } = useSession()
  const store = useMessagesStore()
  const toast = useToast()
  const sendRef = useRef<HTMLButtonElement>(null)
  const image = pinImage(pin, '150x150')
  const who = shared.sender.username === account?.username ? 'you' : shared.sender.username
  const what = shared.match === 'same_picture' ? 'The same picture was already' : 'Already'

  useEffect(() => sendRef.current?.focus(), [])

  return (
    <div
      className="deja-vu"
      role="alertdialog"
      aria-labelledby={`deja-vu-${conversationId}`}
      data-toast-avoid=""
      onKeyDown={(e) => {
        if (e.key !== 'Escape') return
        e.preventDefault()
        e.stopPropagation()
        onCancel()
      }}
    >
      {image && <img className="deja-vu-thumb" src={image.url} alt="" width={40} height={40} />}
      <span className="deja-vu-body">
        <span className="deja-vu-title" id={`deja-vu-${conversationId}`}>
          {what} shared by {who} on {shortDate(shared.created_at)}
        </span>
        <button
          type="button"
          className="deja-vu-view"
          onClick={() =>
            void store.jumpTo(conversationId, shared.message_id, shared.seq).then((found) => {
              if (!found) toast.show('That message could not be found', { tone: 'error' })
            })
          }
        >
          View
        </button>
      </span>
      <span className="deja-vu-actions">
        <Button size="sm" variant="ghost" onClick={onCancel}>
          Don’t send
        </Button>
        <Button
          ref={sendRef}
          size="sm"
          variant="dark"
          icon={<Send size={14} aria-hidden="true" />}
          onClick={onSend}
        >
          Send anyway
        </Button>
      </span>
    </div>
  )
}
