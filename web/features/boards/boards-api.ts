import type { Board, BoardSection, Page, Privacy } from '../../../protocol/api'
import { api } from '../../lib/api'

export interface BoardInput {
  name: string
  description?: string
  privacy?: Privacy
}

export const boardPath = (board: Pick<Board, 'id'>) => `/board/${board.id}`

export function createBoard(input: BoardInput): Promise<Board> {
  return api<Board>('/v5/boards', { method: 'POST', body: input })
}

export function updateBoard(id: string, input: Partial<BoardInput>): Promise<Board> {
  return api<Board>(`/v5/boards/${id}`, { method: 'PATCH', body: input })
}

export function deleteBoard(id: string): Promise<void> {
  return api<void>(`/v5/boards/${id}`, { method: 'DELETE' })
}

export function followBoard(id: string, follow: boolean): Promise<unknown> {
  return api(`/v5/boards/${id}/follow`, { method: follow ? 'POST' : 'DELETE' })
}

export async function listSections(boardId: string): Promise<BoardSection[]> {
  const page = await api<Page<BoardSection>>(`/v5/boards/${boardId}/sections`, {
    query: { page_size: 250 },
  })
  return page.items
}

export function createSection(boardId: string, name: string): Promise<BoardSection> {
  return api<BoardSection>(`/v5/boards/${boardId}/sections`, { method: 'POST', body: { name } })
}

export function renameSection(boardId: string, id: string, name: string): Promise<BoardSection> {
  return api<BoardSection>(`/v5/boards/${boardId}/sections/${id}`, {
    method: 'PATCH',
    body: { name },
  })
}

export function deleteSection(boardId: string, id: string): Promise<void> {
  return api<void>(`/v5/boards/${boardId}/sections/${id}`, { method: 'DELETE' })
}

/** Every board the signed-in person owns (walks all pages). */
export async function listMyBoards(signal?: AbortSignal): Promise<Board[]> {
  const boards: Board[] = []
  let bookmark: string | null = null
  for (let i = 0; i < 20; i++) {
    const page: Page<Board> = await api<Page<Board>>('/v5/boards', {
      query: { page_size: 250, bookmark },
      signal,
    })
    boards.push(...page.items)
    bookmark = page.bookmark
    if (!bookmark) break
  }
  // then other people's boards the person collaborates on: they save and add pins there too
  const shared = await api<Page<Board>>('/v5/user_account/collaborating/boards', {
    query: { page_size: 250 },
    signal,
  })
  return [...boards, ...shared.items.filter((b) => !boards.some((o) => o.id === b.id))]
}
