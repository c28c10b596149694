import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useMemo,
  useState,
  type ReactNode,
} from 'react'
import type { Board } from '../../../protocol/api'
import { messageOf } from '../../lib/api'
import { listMyBoards } from './boards-api'

const LAST_BOARD_KEY = 'corkboard:last-board'

interface MyBoardsValue {
  boards: Board[]
  status: 'loading' | 'ready' | 'error'
  error: string | null
  reload: () => void
  /** Adds or replaces a board in the list (after create / edit). */
  upsert: (board: Board) => void
  remove: (id: string) => void
  /** The board the person saved to last: the default of every picker. */
  lastBoardId: string | null
  rememberBoard: (id: string) => void
}

/** What a signed-out visitor has: no boards, and nothing to remember. */
const NO_BOARDS: MyBoardsValue = {
  boards: [],
  status: 'ready',
  error: null,
  reload: () => {},
  upsert: () => {},
  remove: () => {},
  lastBoardId: null,
  rememberBoard: () => {},
}

const MyBoardsContext = createContext<MyBoardsValue>(NO_BOARDS)

export function useMyBoards(): MyBoardsValue {
  return useContext(MyBoardsContext)
}

function readLastBoard(): string | null {
  try {
    return localStorage.getItem(LAST_BOARD_KEY)
  } catch {
    return null
  }
}

/** The signed-in person's boards, loaded once and shared by every board picker. */
export function MyBoardsProvider({ userId, children }: { userId: string; children: ReactNode }) {
  const [state, setState] = useState<{ boards: Board[]; status: MyBoardsValue['status'] }>({
    boards: [],
    status: 'loading',
  })
  const [error, setError] = useState<string | null>(null)
  const [generation, setGeneration] = useState(0)
  const [lastBoardId, setLastBoardId] = useState<string | null>(readLastBoard)

  useEffect(() => {
    const controller = new AbortController()
    listMyBoards(controller.signal).then(
      (boards) => {
        setState({ boards, status: 'ready' })
        setError(null)
      },
      (err: unknown) => {
        if (controller.signal.aborted) return
        setState((s) => ({ ...s, status: 'error' }))
        setError(messageOf(err))
      },
    )
    return () => controller.abort()
  }, [userId, generation])

  const reload = useCallback(() => setGeneration((n) => n + 1), [])
  const upsert = useCallback((board: Board) => {
    setState((s) => {
      const exists = s.boards.some((b) => b.id === board.id)
      return {
        ...s,
        boards: exists
          ? s.boards.map((b) => (b.id === board.id ? board : b))
          : [board, ...s.boards],
      }
    })
  }, [])
  const remove = useCallback((id: string) => {
    setState((s) => ({ ...s, boards: s.boards.filter((b) => b.id !== id) }))
  }, [])
  const rememberBoard = useCallback((id: string) => {
    setLastBoardId(id)
    try {
      localStorage.setItem(LAST_BOARD_KEY, id)
    } catch {
      // private mode: remembering is a nicety
    }
  }, [])

  const value = useMemo(
    () => ({ ...state, error, reload, upsert, remove, lastBoardId, rememberBoard }),
    [state, error, reload, upsert, remove, lastBoardId, rememberBoard],
  )
  return <MyBoardsContext.Provider value={value}>{children}</MyBoardsContext.Provider>
}

/** The default board for a picker: the last one used if it still exists, else the first. */
export function defaultBoard(boards: Board[], lastBoardId: string | null): Board | null {
  return boards.find((b) => b.id === lastBoardId) ?? boards[0] ?? null
}
