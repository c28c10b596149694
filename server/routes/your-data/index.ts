import type { Endpoint } from '../../http/endpoint'
import createExport from './create-export'
import deleteAccount from './delete-account'
import downloadExport from './download-export'
import getExport from './get-export'
import listExports from './list-exports'

/** Your data: exports of it, and deleting the account. */
export const dataEndpoints: Endpoint[] = [
  createExport,
  listExports,
  getExport,
  downloadExport,
  deleteAccount,
]
