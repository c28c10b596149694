import type { Endpoint } from '../../http/endpoint'
import changePassword from './change-password'
import confirmEmailChange from './confirm-email-change'
import confirmPasswordReset from './confirm-password-reset'
import createToken from './create-token'
import deleteToken from './delete-token'
import getSession from './get-session'
import getUser from './get-user'
import getUserAccount from './get-user-account'
import listTokens from './list-tokens'
import login from './login'
import logout from './logout'
import requestPasswordReset from './request-password-reset'
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
  requestPasswordReset,
  confirmPasswordReset,
  confirmEmailChange,
  createToken,
  listTokens,
  deleteToken,
  getUser,
]
