import type { Endpoint } from '../../http/endpoint'
import setAvatar from '../media/set-avatar'
import createPin from './create-pin'
import deletePin from './delete-pin'
import getPin from './get-pin'
import likePin from './like-pin'
import listBoardPins from './list-board-pins'
import listPins from './list-pins'
import listSectionPins from './list-section-pins'
import listUserPins from './list-user-pins'
import openPinSource from './open-pin-source'
import savePin from './save-pin'
import unlikePin from './unlike-pin'
import updatePin from './update-pin'

export const pinsEndpoints: Endpoint[] = [
  createPin,
  listPins,
  getPin,
  updatePin,
  deletePin,
  savePin,
  likePin,
  unlikePin,
  openPinSource,
  listBoardPins,
  listSectionPins,
  listUserPins,
  setAvatar,
]
