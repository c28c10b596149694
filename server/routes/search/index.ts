import type { Endpoint } from '../../http/endpoint'
import searchBoards from './search-boards'
import searchCompletions from './search-completions'
import searchPins from './search-pins'
import searchUsers from './search-users'

export const searchEndpoints: Endpoint[] = [
  searchPins,
  searchBoards,
  searchUsers,
  searchCompletions,
]
