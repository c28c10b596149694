import { subscriptionChange } from './schemas'

export default subscriptionChange(
  'resubscribe',
  'Turn unread-message emails back on from the unsubscribe page, without logging in',
)
