import { Flag, MoreHorizontal, Pencil, Reply, SmilePlus, Trash2 } from 'lucide-react'
import { useEffect, useId, useState, type KeyboardEvent, type ReactNode } from 'react'
import type { Message } from '../../../protocol/messages'
import { messageOf } from '../../lib/api'
import { Button } from '../../ui/button'
import { ConfirmDialog } from '../../ui/confirm-dialog'
import { Popover } from '../../ui/popover'
import { useToast } from '../../ui/toast'
import { useReportItem } from '../moderation/report-menu'
import { asEmoji, canEdit, canUnsend, hasReacted, QUICK_REACTIONS } from './message-beyond'
import { useMessagesStore } from './messages-context'
import './messages-beyond.css'

const ITEM = '[role^="menuitem"]'

/**
 * A message's ⋯ menu: a row of quick reactions (and "Other…" to type any emoji), Reply, Edit
 * (one's own, for 15 minutes), Unsend (one's own, after a confirm) and Report (others').
 * Arrow keys, Home and End move through it; Esc closes it and focus returns to the button.
 */
export function MessageActions({ message, me }: { message: Message; me: string }) {
  const store = useMessagesStore()
  const toast = useToast()
  const [open, setOpen] = useState(false)
  const [other, setOther] = useState(false)
  const [confirming, setConfirming] = useState(false)
  const [button, setButton] = useState<HTMLButtonElement | null>(null)
  const [list, setList] = useState<HTMLDivElement | null>(null)
  const menuId = useId()
  const mine = message.sender.username === me
  const report = useReportItem({ type: 'message', id: message.id })
  const id = message.conversation_id

  useEffect(() => {
    if (open && !other) list?.querySelector<HTMLElement>(ITEM)?.focus()
  }, [open, other, list])

  const close = () => {
    setOpen(false)
    setOther(false)
  }
  /** Closes the menu (focus back on its button first), then does `action`. */
  const choose = (action: () => void) => () => {
    button?.focus()
    close()
    action()
  }
  const react = (emoji: string) =>
    void store
      .toggleReaction(message, emoji)
      .catch((err: unknown) => toast.show(messageOf(err), { tone: 'error' }))

  const onKeyDown = (event: KeyboardEvent) => {
    if (other) return
    const items = Array.from(list?.querySelectorAll<HTMLElement>(ITEM) ?? [])
    const index = items.indexOf(document.activeElement as HTMLElement)
    const move = (to: number) => {
      event.preventDefault()
      items[(to + items.length) % items.length]?.focus()
    }
    if (event.key === 'ArrowDown' || event.key === 'ArrowRight') move(index + 1)
    else if (event.key === 'ArrowUp' || event.key === 'ArrowLeft') move(index < 0 ? -1 : index - 1)
    else if (event.key === 'Home') move(0)
    else if (event.key === 'End') move(-1)
  }

  return (
    <div className="menu msg-actions">
      <button
        ref={setButton}
        type="button"
        className="icon-btn icon-btn-plain icon-btn-sm msg-more"
        aria-label="Message options"
        title="Message options"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
        onKeyDown={(event) => {
          if (event.key === 'ArrowDown' && !open) {
            event.preventDefault()
            setOpen(true)
          }
        }}
      >
        <MoreHorizontal size={18} aria-hidden="true" />
      </button>
      {open && button && (
        <Popover
          ref={setList}
          anchor={button}
          placement={mine ? 'bottom-end' : 'bottom-start'}
          tabbing={other ? 'dialog' : 'menu'}
          id={menuId}
          role={other ? 'dialog' : 'menu'}
          aria-label={other ? 'React with any emoji' : 'Message options'}
          className="menu-popover msg-actions-popover"
          onKeyDown={onKeyDown}
          onClose={close}
        >
          {other ? (
            <OtherEmoji
              onPick={(emoji) => choose(() => react(emoji))()}
              onCancel={() => setOther(false)}
            />
          ) : (
            <>
              <div className="quick-reactions" role="group" aria-label="React">
                {QUICK_REACTIONS.map((emoji) => (
                  <button
                    key={emoji}
                    type="button"
                    role="menuitemcheckbox"
                    aria-checked={hasReacted(message, emoji, me)}
                    aria-label={`React ${emoji}`}
                    className="quick-reaction"
                    onClick={choose(() => react(emoji))}
                  >
                    {emoji}
                  </button>
                ))}
                <button
                  type="button"
                  role="menuitem"
                  aria-label="Other emoji…"
                  title="Other emoji…"
                  className="quick-reaction"
                  onClick={() => setOther(true)}
                >
                  <SmilePlus size={18} aria-hidden="true" />
                </button>
              </div>
              <Item
                icon={<Reply size={18} />}
                label="Reply"
                onClick={choose(() => store.compose(id, { mode: 'reply', message }))}
              />
              {canEdit(message, me) && (
                <Item
                  icon={<Pencil size={18} />}
                  label="Edit"
                  onClick={choose(() => store.compose(id, { mode: 'edit', message }))}
                />
              )}
              {canUnsend(message, me) && (
                <Item
                  icon={<Trash2 size={18} />}
                  label="Unsend"
                  danger
                  onClick={choose(() => setConfirming(true))}
                />
              )}
              {!mine && (
                <Item
                  icon={<Flag size={18} />}
                  label={report.item.label}
                  onClick={choose(() => report.item.onSelect?.())}
                />
              )}
            </>
          )}
        </Popover>
      )}
      {report.dialog}
      {confirming && (
        <ConfirmDialog
          open
          title="Unsend this message?"
          confirmLabel="Unsend"
          onClose={() => setConfirming(false)}
          onConfirm={async () => {
            await store.unsendMessage(message)
            setConfirming(false)
            // its row loses this menu: the composer takes focus rather than the page
            document.getElementById(`composer-${id}`)?.focus()
          }}
        >
          It will be removed for everyone in the conversation. “Message removed” stays in its place.
        </ConfirmDialog>
      )}
    </div>
  )
}

function Item({
  icon,
  label,
  danger,
  onClick,
}: {
  icon: ReactNode
  label: string
  danger?: boolean
  onClick: () => void
}) {
  return (
    <button
      type="button"
      role="menuitem"
      className={`menu-item${danger ? ' menu-item-danger' : ''}`}
      onClick={onClick}
    >
      {icon}
      <span>{label}</span>
    </button>
  )
}

/** "Other…": any one emoji, typed or picked from the system's emoji keyboard. */
function OtherEmoji({
  onPick,
  onCancel,
}: {
  onPick: (emoji: string) => void
  onCancel: () => void
}) {
  const [value, setValue] = useState('')
  const [error, setError] = useState<string | null>(null)
  const inputId = useId()
  return (
    <form
      className="other-emoji"
      onSubmit={(e) => {
        e.preventDefault()
        const emoji = asEmoji(value)
        if (emoji) onPick(emoji)
        else setError('Type one emoji, such as 🎉')
      }}
    >
      <label htmlFor={inputId}>Any emoji</label>
      <div className="other-emoji-row">
        <input
          id={inputId}
          className="input other-emoji-input"
          autoFocus
          value={value}
          maxLength={32}
          aria-invalid={error ? true : undefined}
          aria-describedby={error ? `${inputId}-error` : undefined}
          onChange={(e) => {
            setValue(e.target.value)
            setError(null)
          }}
        />
        <Button type="submit" size="sm" variant="dark">
          React
        </Button>
      </div>
      {error && (
        <p id={`${inputId}-error`} className="other-emoji-error" role="alert">
          {error}
        </p>
      )}
      <button type="button" className="link-button other-emoji-back" onClick={onCancel}>
        Back
      </button>
    </form>
  )
}
