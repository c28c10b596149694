import { useState, type FormEvent } from 'react'
import { Link } from 'react-router-dom'
import type { Pin } from '../../../protocol/api'
import type { Promotion, PromotionCounts } from '../../../protocol/brands'
import { useAction } from '../../lib/use-action'
import { Button } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { COUNTS_TEXT, createPromotion, daysAgo } from './business-api'
import { PinThumb, pinLabel } from './own-pins'

const COUNTS: PromotionCounts[] = ['either', 'save', 'send']
const NAME_MAX = 100

/** A new promotion: a name, one of the brand's pins, a window, and what counts as taking part. */
export function PromotionForm({
  pins,
  onCreated,
  onCancel,
}: {
  pins: Pin[]
  onCreated: (promotion: Promotion) => void
  onCancel?: () => void
}) {
  const [name, setName] = useState('')
  const [pinId, setPinId] = useState(pins[0]?.id ?? '')
  const [start, setStart] = useState(() => daysAgo(0))
  const [end, setEnd] = useState(() => daysAgo(-30))
  const [counts, setCounts] = useState<PromotionCounts>('either')
  const { busy, error, setError, run } = useAction()
  const pin = pins.find((p) => p.id === pinId)

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!pinId) return setError('Choose one of your pins.')
    if (end < start) return setError('The promotion must end on or after its first day.')
    void run(async () => {
      onCreated(
        await createPromotion({
          pin_id: pinId,
          name: name.trim(),
          start_date: start,
          end_date: end,
          counts,
        }),
      )
    })
  }

  if (pins.length === 0) {
    return (
      <p className="biz-note">
        A promotion is about one of your pins. <Link to="/pin-builder">Create a pin</Link> first.
      </p>
    )
  }

  return (
    <form className="biz-card promo-form" onSubmit={submit} aria-labelledby="new-promo-heading">
      <h2 id="new-promo-heading">New promotion</h2>
      <TextField
        label="Name"
        required
        value={name}
        maxLength={NAME_MAX}
        placeholder="Spring trail giveaway"
        onChange={(e) => setName(e.target.value)}
      />
      <div className="field">
        <div className="field-label-row">
          <label htmlFor="promo-pin">Pin</label>
        </div>
        <div className="promo-pin-row">
          <PinThumb pin={pin} size={48} />
          <select
            id="promo-pin"
            className="input select"
            value={pinId}
            onChange={(e) => setPinId(e.target.value)}
          >
            {pins.map((p) => (
              <option key={p.id} value={p.id}>
                {pinLabel(p)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="promo-dates">
        <TextField
          label="Starts"
          type="date"
          required
          value={start}
          onChange={(e) => setStart(e.target.value)}
        />
        <TextField
          label="Ends"
          type="date"
          required
          value={end}
          min={start}
          onChange={(e) => setEnd(e.target.value)}
        />
      </div>
      <fieldset className="promo-counts">
        <legend>What counts as taking part</legend>
        {COUNTS.map((value) => (
          <label key={value} className="check">
            <input
              type="radio"
              name="promo-counts"
              value={value}
              checked={counts === value}
              onChange={() => setCounts(value)}
            />
            <span>{COUNTS_TEXT[value]}</span>
          </label>
        ))}
      </fieldset>
      <p className="field-hint">
        Dates are whole days in UTC. Participants are the people who did this inside the window —
        never you.
      </p>
      <FormError message={error} />
      <div className="row-end">
        {onCancel && (
          <Button variant="ghost" onClick={onCancel}>
            Cancel
          </Button>
        )}
        <Button type="submit" variant="primary" busy={busy}>
          Create promotion
        </Button>
      </div>
    </form>
  )
}
