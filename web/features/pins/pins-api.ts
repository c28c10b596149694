import type { ImageSize, ImageVariant, Pin } from '../../../protocol/api'
import { api, apiUpload } from '../../lib/api'

export type MediaSource =
  | { source_type: 'image_base64'; content_type: string; data: string }
  | { source_type: 'image_url'; url: string }

export interface PinInput {
  board_id: string
  board_section_id?: string | null
  title: string
  description: string
  link: string | null
  alt_text: string | null
}

export const pinPath = (pin: Pick<Pin, 'id'>) => `/pin/${pin.id}`

/**
 * The tracked redirect to the pin's link for a signed-in viewer. The server sends anonymous
 * visitors of the redirect to the pin's page (no open redirect), so they get the link itself.
 */
export const sourceUrl = (
  pin: Pick<Pin, 'id' | 'link'>,
  messageId?: string,
  signedIn = true,
): string =>
  !signedIn && pin.link
    ? pin.link
    : messageId
      ? `/v5/pins/${pin.id}/source?via=${encodeURIComponent(`message:${messageId}`)}`
      : `/v5/pins/${pin.id}/source`

export function pinImage(pin: Pin, size: ImageSize): ImageVariant | undefined {
  const images = pin.media?.images
  if (!images) return undefined
  return images[size] ?? images['600x'] ?? images['1200x'] ?? images['400x300']
}

/** Height over width of the pin's picture (what the masonry grid lays out by). */
export function pinRatio(pin: Pin): number {
  const image = pinImage(pin, '600x')
  if (!image || !image.width || !image.height) return 1
  return Math.min(Math.max(image.height / image.width, 0.4), 2.5)
}

export function createPin(
  input: PinInput & { media_source: MediaSource },
  onProgress: (fraction: number) => void,
): Promise<Pin> {
  return apiUpload<Pin>('/v5/pins', input, onProgress)
}

export function updatePin(id: string, input: Partial<PinInput>): Promise<Pin> {
  return api<Pin>(`/v5/pins/${id}`, { method: 'PATCH', body: input })
}

export function deletePin(id: string): Promise<void> {
  return api<void>(`/v5/pins/${id}`, { method: 'DELETE' })
}

/** `messageId`: the message whose card the save came from (counted for analytics). */
export function savePin(
  id: string,
  boardId: string,
  sectionId?: string | null,
  messageId?: string,
): Promise<Pin> {
  return api<Pin>(`/v5/pins/${id}/save`, {
    method: 'POST',
    body: {
      board_id: boardId,
      ...(sectionId ? { board_section_id: sectionId } : {}),
      ...(messageId ? { message_id: messageId } : {}),
    },
  })
}

export function likePin(
  id: string,
  like: boolean,
  messageId?: string,
): Promise<Partial<Pin> | undefined> {
  return api<Partial<Pin> | undefined>(`/v5/pins/${id}/like`, {
    method: like ? 'POST' : 'DELETE',
    query: like && messageId ? { message_id: messageId } : undefined,
  })
}
