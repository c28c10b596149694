import { Type, type Static } from 'typebox'
import { Id, Nullable, Time } from './common'

/**
 * Your data (issue 15): a ZIP of everything of an account, built by a job and offered for
 * 7 days, and deleting the account.
 */
export const DataExport = Type.Object(
  {
    id: Id,
    /** pending: being built; ready: downloadable until expires_at; failed; expired */
    status: Type.Union([
      Type.Literal('pending'),
      Type.Literal('ready'),
      Type.Literal('failed'),
      Type.Literal('expired'),
    ]),
    created_at: Time,
    ready_at: Nullable(Time),
    expires_at: Nullable(Time),
    size_bytes: Nullable(Type.Integer({ minimum: 0 })),
    /** where the ZIP is downloaded from (the owner's session or token), while ready */
    download_url: Nullable(Type.String()),
  },
  { title: 'DataExport' },
)

/** What asking for an export answers (202): it is being built. */
export const DataExportCreated = Type.Object(
  { id: Id, status: Type.Literal('pending'), created_at: Time },
  { title: 'DataExportCreated' },
)

export const DataExportList = Type.Object(
  { items: Type.Array(DataExport) },
  { title: 'DataExportList' },
)

export const DataExportParams = Type.Object({ export_id: Id })

export const DeleteAccountBody = Type.Object({
  password: Type.String({ minLength: 1, maxLength: 256 }),
})

export type DataExportJson = Static<typeof DataExport>
