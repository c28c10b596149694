import type { Endpoint } from '../../http/endpoint'
import changePassword from './change-password'
import createToken from './create-token'
import deleteToken from './delete-token'
import getSession from './get-session'
import getUser from './get-user'
import getUserAccount from './get-user-account'
import listTokens from './list-tokens'
import login from './login'
import logout from './logout'
import signup from './signup'
import updateUserAccount from './update-user-account'

export const accountsEndpoints: Endpoint[] = [
  signup,
  login,
  logout,
  getSession,
  getUserAccount,
  updateUserAccount,
  changePassword,
  createToken,
  listTokens,
  deleteToken,
  getUser,
]
