import { ImagePlus, Link2, Trash2, Upload } from 'lucide-react'
import { useEffect, useRef, useState, type DragEvent, type FormEvent } from 'react'
import { useNavigate, useSearchParams } from 'react-router-dom'
import { messageOf } from '../../lib/api'
import { useDocumentTitle } from '../../lib/use-document-title'
import {
  ACCEPTED_IMAGE_TYPES,
  describeBytes,
  imageFileProblem,
  readFileAsBase64,
} from '../../lib/image-file'
import { Button, IconButton } from '../../ui/button'
import { TextField } from '../../ui/field'
import { FormError } from '../../ui/states'
import { useToast } from '../../ui/toast'
import { defaultBoard, useMyBoards } from '../boards/my-boards'
import { PinDetailsFields, pinDetailsBody, type PinDetails } from './pin-details-fields'
import { createPin, pinPath, type MediaSource } from './pins-api'
import './pins.css'

type Picture = { kind: 'file'; file: File; preview: string } | { kind: 'url'; url: string }

/** Create a pin: drop or pick an image (or give its URL), describe it, choose a board. */
export function PinBuilderPage() {
  const navigate = useNavigate()
  const toast = useToast()
  const { boards, lastBoardId, rememberBoard } = useMyBoards()
  const [picture, setPicture] = useState<Picture | null>(null)
  const [fields, setFields] = useState({
    title: '',
    description: '',
    link: '',
    altText: '',
    sectionId: '',
  })
  const [params] = useSearchParams()
  const [chosenBoard, setChosenBoard] = useState(params.get('board') ?? '')
  const [progress, setProgress] = useState<number | null>(null)
  const [error, setError] = useState<string | null>(null)
  const boardId =
    (boards.some((b) => b.id === chosenBoard) ? chosenBoard : '') ||
    defaultBoard(boards, lastBoardId)?.id ||
    ''
  const busy = progress !== null
  const details: PinDetails = { ...fields, boardId }
  useDocumentTitle('Create a pin')

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    if (!picture) {
      setError('Add an image first: drop one, choose a file, or paste an image URL.')
      return
    }
    if (!boardId) {
      setError('Choose a board for this pin, or create one.')
      return
    }
    setError(null)
    setProgress(0)
    try {
      let media_source: MediaSource
      if (picture.kind === 'file') {
        media_source = {
          source_type: 'image_base64',
          content_type: picture.file.type,
          data: await readFileAsBase64(picture.file),
        }
      } else {
        media_source = { source_type: 'image_url', url: picture.url }
      }
      const pin = await createPin(
        {
          ...pinDetailsBody(details),
          board_section_id: details.sectionId || undefined,
          media_source,
        },
        setProgress,
      )
      rememberBoard(boardId)
      toast.show('Your pin is up')
      navigate(pinPath(pin))
    } catch (err) {
      setError(messageOf(err))
      setProgress(null)
    }
  }

  return (
    <div className="page page-narrow">
      <form className="builder" onSubmit={submit} aria-busy={busy}>
        <header className="builder-header">
          <h1>Create a pin</h1>
          <Button type="submit" variant="primary" size="lg" busy={busy}>
            {busy
              ? progress && progress < 1
                ? `Uploading ${Math.round(progress * 100)}%`
                : 'Publishing…'
              : 'Publish'}
          </Button>
        </header>
        {busy && (
          <div
            className="progress"
            role="progressbar"
            aria-label="Upload progress"
            aria-valuemin={0}
            aria-valuemax={100}
            aria-valuenow={Math.round((progress ?? 0) * 100)}
          >
            <div style={{ width: `${Math.round((progress ?? 0) * 100)}%` }} />
          </div>
        )}
        <div className="builder-grid">
          <PicturePicker picture={picture} onChange={setPicture} disabled={busy} />
          <fieldset className="builder-fields" disabled={busy}>
            <legend className="visually-hidden">Pin details</legend>
            <PinDetailsFields
              details={details}
              onChange={({ boardId: chosen, ...patch }) => {
                if (chosen !== undefined) setChosenBoard(chosen)
                setFields((f) => ({ ...f, ...patch }))
              }}
            />
            <FormError message={error} />
          </fieldset>
        </div>
      </form>
    </div>
  )
}

interface PicturePickerProps {
  picture: Picture | null
  onChange: (picture: Picture | null) => void
  disabled: boolean
}

function PicturePicker({ picture, onChange, disabled }: PicturePickerProps) {
  const inputRef = useRef<HTMLInputElement>(null)
  const [dragging, setDragging] = useState(false)
  const [mode, setMode] = useState<'file' | 'url'>('file')
  const [url, setUrl] = useState('')
  const [problem, setProblem] = useState<string | null>(null)
  const preview = picture?.kind === 'file' ? picture.preview : null

  useEffect(() => {
    if (!preview) return
    return () => URL.revokeObjectURL(preview)
  }, [preview])

  const takeFile = (file: File | undefined) => {
    if (!file) return
    const why = imageFileProblem(file)
    setProblem(why)
    if (why) return
    onChange({ kind: 'file', file, preview: URL.createObjectURL(file) })
  }

  const onDrop = (event: DragEvent) => {
    event.preventDefault()
    setDragging(false)
    if (!disabled) takeFile(event.dataTransfer.files[0])
  }

  if (picture) {
    const src = picture.kind === 'file' ? picture.preview : picture.url
    return (
      <div className="picker-preview">
        <img src={src} alt="Preview of your pin" />
        <IconButton
          label="Remove image"
          variant="light"
          className="picker-remove"
          disabled={disabled}
          onClick={() => {
            onChange(null)
            setUrl('')
          }}
        >
          <Trash2 size={18} />
        </IconButton>
        {picture.kind === 'file' && (
          <p className="picker-file">
            {picture.file.name} · {describeBytes(picture.file.size)}
          </p>
        )}
      </div>
    )
  }

  return (
    <div className="picture-picker">
      <div className="segmented" role="group" aria-label="Image source">
        <button type="button" aria-pressed={mode === 'file'} onClick={() => setMode('file')}>
          <Upload size={16} aria-hidden="true" /> Upload
        </button>
        <button type="button" aria-pressed={mode === 'url'} onClick={() => setMode('url')}>
          <Link2 size={16} aria-hidden="true" /> Image URL
        </button>
      </div>
      {mode === 'file' ? (
        <div
          className={`dropzone${dragging ? ' dragging' : ''}`}
          onDragOver={(e) => {
            e.preventDefault()
            setDragging(true)
          }}
          onDragLeave={() => setDragging(false)}
          onDrop={onDrop}
        >
          <ImagePlus size={36} aria-hidden="true" />
          <p className="dropzone-title">Drag and drop an image</p>
          <p className="dropzone-or">or</p>
          <Button variant="secondary" onClick={() => inputRef.current?.click()} disabled={disabled}>
            Choose a file
          </Button>
          <p className="dropzone-hint">
            JPEG, PNG, WebP or GIF, up to 10 MB. Tall images look best.
          </p>
          <input
            ref={inputRef}
            type="file"
            accept={ACCEPTED_IMAGE_TYPES.join(',')}
            className="visually-hidden"
            aria-label="Choose an image file"
            tabIndex={-1}
            onChange={(e) => takeFile(e.target.files?.[0])}
          />
        </div>
      ) : (
        <div className="url-picker">
          <TextField
            label="Image URL"
            type="url"
            placeholder="https://example.com/photo.jpg"
            value={url}
            onChange={(e) => setUrl(e.target.value)}
            hint="Corkboard fetches the image and keeps its own copy."
          />
          <Button
            variant="secondary"
            disabled={!/^https?:\/\/\S+$/.test(url.trim())}
            onClick={() => onChange({ kind: 'url', url: url.trim() })}
          >
            Use this image
          </Button>
        </div>
      )}
      <FormError message={problem} />
    </div>
  )
}
