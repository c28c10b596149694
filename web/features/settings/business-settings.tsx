import { Briefcase } from 'lucide-react'
import { useState, type FormEvent } from 'react'
import { LIMITS } from '../../../protocol/limits'
import type { OwnAccount } from '../../../protocol/api'
import { useAccount, useSession } from '../../app/session'
import { api } from '../../lib/api'
import { useAction } from '../../lib/use-action'
import { Button, ButtonLink } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'

/** Settings → Business account: a pinner switches to a business account (and back). */
export function BusinessSettings() {
  const account = useAccount()
  const { setAccount } = useSession()
  const toast = useToast()
  const [name, setName] = useState(account.business_name ?? '')
  const { busy, error, setError, run } = useAction()
  const isBusiness = account.account_type === 'BUSINESS'

  const switchTo = (accountType: 'BUSINESS' | 'PINNER') =>
    run(async () => {
      const body =
        accountType === 'BUSINESS'
          ? { account_type: accountType, business_name: name.trim() }
          : { account_type: accountType }
      const updated = await api<OwnAccount>('/v5/user_account', { method: 'PATCH', body })
      setAccount({ ...account, ...updated })
      toast.show(
        accountType === 'BUSINESS'
          ? 'This is a business account now'
          : 'This is a personal account now',
        accountType === 'BUSINESS'
          ? { link: { to: '/business', label: 'Open the dashboard' } }
          : {},
      )
    })

  const submit = (event: FormEvent) => {
    event.preventDefault()
    if (!name.trim()) return setError('Give the business a name.')
    void switchTo('BUSINESS')
  }

  return (
    <section className="settings-section" aria-labelledby="business-heading">
      <h2 id="business-heading">Business account</h2>
      {isBusiness ? (
        <>
          <p className="settings-intro">
            {account.business_name || account.username} is a business account: you can run
            promotions, thank the people who take part, see your influencers and your analytics.
          </p>
          <div>
            <ButtonLink
              to="/business"
              variant="primary"
              icon={<Briefcase size={18} aria-hidden="true" />}
            >
              Open the business dashboard
            </ButtonLink>
          </div>
          <h3>Switch back to a personal account</h3>
          <p className="settings-intro">
            Your pins, boards, followers and messages stay. Your promotions stay too, for when you
            switch again.
          </p>
          <FormError message={error} />
          <div>
            <Button busy={busy} onClick={() => void switchTo('PINNER')}>
              Switch to a personal account
            </Button>
          </div>
        </>
      ) : (
        <form className="form-stack" onSubmit={submit}>
          <p className="settings-intro">
            A business account gets a dashboard: promotions of your pins, a thank-you to each person
            who took part (in a 1:1 message, only where the messaging rules allow it), your
            influencers and your analytics. Your pins, boards, followers and messages stay as they
            are.
          </p>
          <TextField
            label="Business name"
            required
            value={name}
            maxLength={LIMITS.account.businessName}
            placeholder="Trailhead Outfitters"
            onChange={(e) => setName(e.target.value)}
          />
          <FormError message={error} />
          <div className="row-end">
            <Button type="submit" variant="primary" busy={busy}>
              Switch to a business account
            </Button>
          </div>
        </form>
      )}
    </section>
  )
}
