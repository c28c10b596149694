import { AccountChoice, type Choice } from './account-choice'

const OPTIONS: Choice<boolean>[] = [
  {
    value: true,
    title: 'Email me about unread messages',
    text: 'The default. When messages wait for you and you have been away since they came, you get one email per conversation, and no more while you stay away.',
  },
  {
    value: false,
    title: 'No emails about messages',
    text: 'New messages wait in your inbox until you open Corkboard.',
  },
]

export function NotificationSettings() {
  return (
    <AccountChoice
      field="unread_digest_email"
      heading="Email notifications"
      intro="Muted conversations never send email. Every email has a link to stop them, which works without logging in."
      options={OPTIONS}
      savedText="Notification settings saved"
    />
  )
}
