import type { Endpoint } from '../../http/endpoint'
import getAdminSettings from './get-admin-settings'
import getInstance from './get-instance'
import listStaff from './list-staff'
import updateAdminSettings from './update-admin-settings'

export const instanceEndpoints: Endpoint[] = [
  getInstance,
  getAdminSettings,
  updateAdminSettings,
  listStaff,
]
