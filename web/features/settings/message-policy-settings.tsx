import type { MessagePolicy } from '../../../protocol/api'
import { AccountChoice, type Choice } from './account-choice'

const OPTIONS: Choice<MessagePolicy>[] = [
  {
    value: 'mutual',
    title: 'People I follow who follow me back',
    text: 'The default. Only friends — you follow each other — can start a conversation with you.',
  },
  {
    value: 'following',
    title: 'Anyone I follow',
    text: 'Anyone you follow can message you, even if they have not followed you back.',
  },
  {
    value: 'nobody',
    title: 'Nobody',
    text: 'No one can start a new conversation with you. You can still message others.',
  },
]

export function MessagePolicySettings() {
  return (
    <AccountChoice
      field="message_policy"
      heading="Who can message you"
      intro="Messages keep spam out by asking for a connection first. Choose how close that connection must be. Blocked people can never message you."
      options={OPTIONS}
      savedText="Message settings saved"
    />
  )
}
