import { subscriptionChange } from './schemas'

export default subscriptionChange(
  'unsubscribe',
  'Stop unread-message emails, without logging in: the link from such an email, also as the one-click `List-Unsubscribe-Post` target (RFC 8058, form body `List-Unsubscribe=One-Click`)',
)
