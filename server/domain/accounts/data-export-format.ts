import type { DataExportJson } from '../../../protocol/schemas/data'
import type { DataExportTable } from '../../db/schema-moderation'
import { escapeHtml } from '../../mail/html'
import type { Mail } from '../../mail/message'

/** An export as the API and its mail show it (see data-export.ts). */

export type ExportRow = Pick<
  DataExportTable,
  'status' | 'file_key' | 'size_bytes' | 'created_at' | 'ready_at' | 'expires_at'
> & { id: number; user_id: number }

export const FILE_KEY_RE = /^[0-9a-f]{32}\.zip$/

/** An export as the API shows it; `base`: the public URL, without its trailing slash. */
export function exportJson(row: ExportRow, base: string, now = Date.now()): DataExportJson {
  const expired =
    row.status === 'expired' ||
    (row.status === 'ready' && row.expires_at !== null && Date.parse(row.expires_at) <= now)
  const status = expired ? 'expired' : row.status
  return {
    id: String(row.id),
    status,
    created_at: row.created_at,
    ready_at: row.ready_at,
    expires_at: row.expires_at,
    size_bytes: row.size_bytes === null ? null : Number(row.size_bytes),
    download_url: status === 'ready' ? `${base}/v5/user_account/exports/${row.id}/download` : null,
  }
}

export const exportColumns = [
  'id',
  'user_id',
  'status',
  'file_key',
  'size_bytes',
  'created_at',
  'ready_at',
  'expires_at',
] as const

/** The mail that says an export is ready. */
export function exportReadyMail(
  to: string,
  username: string,
  link: string,
  expiresAt: string,
): Mail {
  const until = new Date(expiresAt).toUTCString()
  const lines = [
    `The copy of your Corkboard data (@${username}) that you asked for is ready.`,
    `Download it from Settings → Your data until ${until}; after that it is deleted.`,
  ]
  return {
    to,
    subject: 'Your Corkboard data is ready to download',
    text: [...lines, '', link].join('\n'),
    html: `<!doctype html><html><body style="font-family:system-ui,sans-serif;color:#211922;max-width:520px;margin:auto">
${lines.map((l) => `<p>${escapeHtml(l)}</p>`).join('\n')}
<p><a href="${escapeHtml(link)}">Open Settings → Your data</a></p>
</body></html>`,
  }
}
