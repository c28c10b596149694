import type { Endpoint } from '../../http/endpoint'
import addCollaborators from './add-collaborators'
import createBoard from './create-board'
import createSection from './create-section'
import deleteBoard from './delete-board'
import deleteSection from './delete-section'
import followBoard from './follow-board'
import getBoard from './get-board'
import listBoards from './list-boards'
import listCollaborativeBoards from './list-collaborative-boards'
import listCollaborators from './list-collaborators'
import listFollowedBoards from './list-followed-boards'
import listSections from './list-sections'
import listUserBoards from './list-user-boards'
import removeCollaborator from './remove-collaborator'
import unfollowBoard from './unfollow-board'
import updateBoard from './update-board'
import updateSection from './update-section'

export const boardsEndpoints: Endpoint[] = [
  listBoards,
  createBoard,
  getBoard,
  updateBoard,
  deleteBoard,
  listUserBoards,
  listFollowedBoards,
  followBoard,
  unfollowBoard,
  listSections,
  createSection,
  updateSection,
  deleteSection,
  listCollaborators,
  addCollaborators,
  removeCollaborator,
  listCollaborativeBoards,
]
