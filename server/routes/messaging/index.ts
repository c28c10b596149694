import type { Endpoint } from '../../http/endpoint'
import addParticipants from './add-participants'
import alreadyShared from './already-shared'
import createConversation from './create-conversation'
import getConversation from './get-conversation'
import getShortlist from './get-shortlist'
import leaveConversation from './leave-conversation'
import listConversationPins from './list-conversation-pins'
import listConversations from './list-conversations'
import listMessages from './list-messages'
import markRead from './mark-read'
import reportMessage from './report-message'
import reactMessage from './react-message'
import unreactMessage from './unreact-message'
import editMessage from './edit-message'
import unsendMessage from './unsend-message'
import sendMessage from './send-message'
import share from './share'
import shortlistBoard from './shortlist-board'
import typeahead from './typeahead'
import unreadCount from './unread-count'
import updateConversation from './update-conversation'
import votePin from './vote-pin'

export const messagingEndpoints: Endpoint[] = [
  listConversations,
  createConversation,
  unreadCount,
  getConversation,
  updateConversation,
  listMessages,
  sendMessage,
  markRead,
  listConversationPins,
  alreadyShared,
  votePin,
  getShortlist,
  shortlistBoard,
  addParticipants,
  leaveConversation,
  reportMessage,
  reactMessage,
  unreactMessage,
  editMessage,
  unsendMessage,
  share,
  typeahead,
]
