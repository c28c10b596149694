import { BellOff, BellRing, LinkIcon, MailX } from 'lucide-react'
import { useState } from 'react'
import { useParams } from 'react-router-dom'
import { useSession } from '../../app/session'
import { messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import { useNoReferrer } from '../../lib/use-no-referrer'
import { useResource } from '../../lib/use-resource'
import { Button, ButtonLink } from '../../ui/button'
import { CardNotice, CardPage } from '../../ui/card-page'
import { ErrorState, FormError, Spinner } from '../../ui/states'
import { setSubscription, subscriptionPath, type EmailSubscription } from './notifications-api'

/**
 * `/unsubscribe/:token`, the link at the foot of an unread-message email: works without
 * logging in. Opening it changes nothing (mail scanners open links); the button does.
 */
export function UnsubscribePage() {
  const { token = '' } = useParams()
  const subscription = useResource<EmailSubscription>(subscriptionPath(token))
  useNoReferrer()
  useDocumentTitle('Email notifications')

  let body
  if (subscription.notFound) {
    body = (
      <CardNotice
        icon={<LinkIcon size={28} />}
        title="This unsubscribe link does not work"
        actions={
          <ButtonLink to="/settings/notifications" variant="primary">
            Notification settings
          </ButtonLink>
        }
      >
        Check that the whole link was copied from the email, or change your notifications in your
        settings.
      </CardNotice>
    )
  } else if (subscription.status === 'error') {
    body = <ErrorState message={subscription.error} onRetry={subscription.reload} />
  } else if (!subscription.data) {
    body = <Spinner label="Loading" />
  } else {
    body = (
      <SubscriptionChoice
        token={token}
        subscription={subscription.data}
        onChange={(next) => subscription.setData(() => next)}
      />
    )
  }
  return <CardPage>{body}</CardPage>
}

function SubscriptionChoice(props: {
  token: string
  subscription: EmailSubscription
  onChange: (next: EmailSubscription) => void
}) {
  const { account } = useSession()
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const { username, unread_digest_email: on } = props.subscription

  const change = async (next: boolean) => {
    setBusy(true)
    setError(null)
    try {
      props.onChange(await setSubscription(props.token, next))
    } catch (err) {
      setError(messageOf(err))
    } finally {
      setBusy(false)
    }
  }

  const settingsLink = account ? (
    <ButtonLink to="/settings/notifications">Notification settings</ButtonLink>
  ) : (
    <ButtonLink to="/">Go to Corkboard</ButtonLink>
  )
  return (
    <>
      {on ? (
        <CardNotice
          icon={<MailX size={28} />}
          title="Stop emails about unread messages?"
          actions={
            <>
              <Button variant="primary" busy={busy} onClick={() => void change(false)}>
                Unsubscribe
              </Button>
              {settingsLink}
            </>
          }
        >
          When <strong>@{username}</strong> has unread messages and has been away since they came,
          Corkboard sends one email per conversation. You will still see new messages when you open
          Corkboard.
        </CardNotice>
      ) : (
        <CardNotice
          icon={<BellOff size={28} />}
          title="You’re unsubscribed"
          actions={
            <>
              <Button icon={<BellRing size={16} />} busy={busy} onClick={() => void change(true)}>
                Turn them back on
              </Button>
              {settingsLink}
            </>
          }
        >
          <strong>@{username}</strong> will get no more emails about unread messages.
        </CardNotice>
      )}
      <FormError message={error} />
    </>
  )
}
