/** Image types the server accepts for uploads. */
export const ACCEPTED_IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/webp', 'image/gif']

/** Client-side cap; the server re-checks (its JSON body limit covers the base64 text). */
export const MAX_IMAGE_BYTES = 10 * 1024 * 1024

export function describeBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`
  return `${(bytes / (1024 * 1024)).toFixed(1)} MB`
}

/** Why this file cannot be uploaded, or null when it can. */
export function imageFileProblem(file: File, maxBytes = MAX_IMAGE_BYTES): string | null {
  if (!ACCEPTED_IMAGE_TYPES.includes(file.type)) {
    return 'Choose a JPEG, PNG, WebP or GIF image.'
  }
  if (file.size > maxBytes) {
    return `That image is ${describeBytes(file.size)}; the limit is ${describeBytes(maxBytes)}.`
  }
  return null
}

/** The file's bytes as base64, without the `data:…;base64,` prefix. */
export function readFileAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader()
    reader.onerror = () => reject(new Error('Could not read that file.'))
    reader.onload = () => {
      const url = String(reader.result)
      resolve(url.slice(url.indexOf(',') + 1))
    }
    reader.readAsDataURL(file)
  })
}
