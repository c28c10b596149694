import { Send } from 'lucide-react'
import { useRef, useState, type FormEvent } from 'react'
import type { Pin } from '../../../protocol/api'
import type { Participant, Promotion, ThankYouRun } from '../../../protocol/brands'
import { useAction } from '../../lib/use-action'
import { newClientId } from '../../lib/stream'
import { Avatar } from '../../ui/avatar'
import { Button } from '../../ui/button'
import { TextArea } from '../../ui/field'
import { FormError } from '../../ui/states'
import { useAccount } from '../../app/session'
import { useMyBoards } from '../boards/my-boards'
import { displayName } from '../messages/messages-api'
import { fillTemplate, startThankYou } from './business-api'
import { PinThumb, pinLabel } from './own-pins'

const TEMPLATE_MAX = 1000
const PLACEHOLDERS = ['{name}', '{username}'] as const

const defaultTemplate = (promotion: Promotion) =>
  `Hi {name}, thank you for taking part in “${promotion.name}”! If you liked it, pass it on to a friend who would too.`

interface Audience {
  now: number
  thanked: number
  followBack: number
  refused: number
}

/** Who a run would message now, and who it would skip and why (from the participants loaded). */
function audienceOf(participants: Participant[]): Audience {
  const a: Audience = { now: 0, thanked: 0, followBack: 0, refused: 0 }
  for (const p of participants) {
    if (p.thanked_at) a.thanked++
    else if (p.can_message) a.now++
    else if (p.reason === 'not_mutual' && p.follows_brand) a.followBack++
    else a.refused++
  }
  return a
}

const people = (n: number) => (n === 1 ? '1 person' : `${n} people`)

function audienceText(a: Audience): string {
  const skipped = [
    a.thanked && `${a.thanked} already thanked`,
    a.followBack && `${a.followBack} who follow you (follow back to include them)`,
    a.refused && `${a.refused} who can’t be messaged`,
  ].filter(Boolean)
  const first = a.now ? `${people(a.now)} will get a thank-you.` : 'Nobody new to thank now.'
  return skipped.length ? `${first} Skipped: ${skipped.join(', ')}.` : first
}

/**
 * The thank-you run's composer: a template with `{name}` and `{username}`, an optional pin or
 * board of the brand's own, a preview as one participant will see it, and the start button.
 */
export function ThankYouComposer({
  promotion,
  pins,
  participants,
  allLoaded,
  again,
  onStarted,
}: {
  promotion: Promotion
  pins: Pin[]
  participants: Participant[]
  /** whether `participants` is the whole list (then the counts below are exact) */
  allLoaded: boolean
  /** a run finished before: this one skips who it thanked */
  again: boolean
  onStarted: (run: ThankYouRun) => void
}) {
  const me = useAccount()
  const { boards } = useMyBoards()
  const [template, setTemplate] = useState(() => defaultTemplate(promotion))
  const [attachment, setAttachment] = useState('')
  const caret = useRef<number | null>(null)
  const { busy, error, setError, run } = useAction()

  const publicBoards = boards.filter((b) => b.privacy === 'PUBLIC')
  const publicBoardIds = new Set(publicBoards.map((b) => b.id))
  const visiblePins = pins.filter((p) => publicBoardIds.has(p.board_id))
  const [kind, id] = attachment.split(':') as ['pin' | 'board' | '', string | undefined]
  const attachedPin = kind === 'pin' ? visiblePins.find((p) => p.id === id) : undefined
  const attachedBoard = kind === 'board' ? publicBoards.find((b) => b.id === id) : undefined

  const sample = participants.find((p) => p.can_message && !p.thanked_at) ?? participants[0]
  const sampleUser = sample?.user ?? { username: 'alex', business_name: null, profile_image: null }
  const audience = audienceOf(participants)
  const eligible = audience.now
  const [open, setOpen] = useState(!again)
  const trimmed = template.trim()

  const insert = (placeholder: string) => {
    const at = caret.current ?? template.length
    setTemplate(template.slice(0, at) + placeholder + template.slice(at))
    caret.current = at + placeholder.length
  }

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!trimmed) return setError('Write the message first.')
    if (trimmed.length > TEMPLATE_MAX) return setError(`At most ${TEMPLATE_MAX} characters.`)
    void run(async () => {
      onStarted(
        await startThankYou(promotion.id, {
          template: trimmed,
          client_run_id: newClientId(),
          ...(kind && id ? { attachment: { type: kind, id } } : {}),
        }),
      )
    })
  }

  if (!open) {
    return (
      <section className="biz-card composer-card" aria-labelledby="thanks-heading">
        <h3 id="thanks-heading">Thank the newcomers</h3>
        <p className="muted small">
          {allLoaded && eligible === 0
            ? 'Nobody new to thank now. '
            : allLoaded
              ? `${eligible === 1 ? '1 person' : `${eligible} people`} took part since and may be messaged. `
              : ''}
          A new run skips everyone this promotion already thanked.
        </p>
        <Button onClick={() => setOpen(true)}>Write another thank-you</Button>
      </section>
    )
  }

  return (
    <form className="biz-card composer-card" onSubmit={submit} aria-labelledby="thanks-heading">
      <h3 id="thanks-heading">{again ? 'Thank the newcomers' : 'Say thank you'}</h3>
      <p className="muted small">
        Each participant you may message gets an individual 1:1 message, one at a time.{' '}
        {again
          ? 'People this promotion already thanked are skipped.'
          : 'Nobody is ever thanked twice for one promotion.'}
      </p>
      <TextArea
        label="Message"
        value={template}
        rows={4}
        maxLength={TEMPLATE_MAX}
        showCount
        hint="{name} becomes each person’s name, {username} their username."
        onChange={(e) => {
          setTemplate(e.target.value)
          caret.current = e.target.selectionStart
        }}
        onSelect={(e) => (caret.current = e.currentTarget.selectionStart)}
      />
      <div className="placeholder-chips" aria-label="Insert a placeholder" role="group">
        {PLACEHOLDERS.map((ph) => (
          <button key={ph} type="button" className="biz-chip" onClick={() => insert(ph)}>
            Insert <code>{ph}</code>
          </button>
        ))}
      </div>
      <div className="field">
        <div className="field-label-row">
          <label htmlFor="thanks-attachment">Attach (optional)</label>
        </div>
        <select
          id="thanks-attachment"
          className="input select"
          value={attachment}
          onChange={(e) => setAttachment(e.target.value)}
        >
          <option value="">Nothing</option>
          {visiblePins.length > 0 && (
            <optgroup label="Your pins">
              {visiblePins.map((p) => (
                <option key={p.id} value={`pin:${p.id}`}>
                  {pinLabel(p)}
                </option>
              ))}
            </optgroup>
          )}
          {publicBoards.length > 0 && (
            <optgroup label="Your boards">
              {publicBoards.map((b) => (
                <option key={b.id} value={`board:${b.id}`}>
                  {b.name}
                </option>
              ))}
            </optgroup>
          )}
        </select>
      </div>
      <div className="preview" aria-label="Preview">
        <p className="preview-label">
          Preview, as {sample ? displayName(sampleUser) : 'a participant'} will see it
        </p>
        <div className="preview-msg">
          <Avatar username={me.username} src={me.profile_image} size={28} />
          <div className="preview-stack">
            {attachedPin && (
              <span className="preview-attachment">
                <PinThumb pin={attachedPin} size={40} />
                {pinLabel(attachedPin)}
              </span>
            )}
            {attachedBoard && (
              <span className="preview-attachment">Board · {attachedBoard.name}</span>
            )}
            <div className="bubble">{trimmed ? fillTemplate(trimmed, sampleUser) : '…'}</div>
          </div>
        </div>
      </div>
      {allLoaded && (
        <p className="muted small" aria-live="polite">
          {audienceText(audience)}
        </p>
      )}
      <FormError message={error} />
      <Button
        type="submit"
        variant="primary"
        busy={busy}
        disabled={allLoaded && eligible === 0}
        icon={<Send size={18} aria-hidden="true" />}
      >
        Send thank-yous
      </Button>
    </form>
  )
}
