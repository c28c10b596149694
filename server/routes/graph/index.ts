import type { Endpoint } from '../../http/endpoint'
import blockUser from './block-user'
import followUser from './follow-user'
import listBlocks from './list-blocks'
import listFollowers from './list-followers'
import listFollowing from './list-following'
import listUserFollowers from './list-user-followers'
import listUserFollowing from './list-user-following'
import unblockUser from './unblock-user'
import unfollowUser from './unfollow-user'

export const graphEndpoints: Endpoint[] = [
  listFollowers,
  listFollowing,
  followUser,
  unfollowUser,
  listUserFollowers,
  listUserFollowing,
  blockUser,
  unblockUser,
  listBlocks,
]
