import { useId, type InputHTMLAttributes, type TextareaHTMLAttributes } from 'react'

interface FieldShellProps {
  label: string
  hint?: string
  count?: { value: number; max: number }
  children: (ids: { id: string; describedBy: string | undefined }) => React.ReactNode
}

function FieldShell({ label, hint, count, children }: FieldShellProps) {
  const id = useId()
  const hintId = hint ? `${id}-hint` : undefined
  return (
    <div className="field">
      <div className="field-label-row">
        <label htmlFor={id}>{label}</label>
        {count && (
          <span className={`field-count${count.value > count.max ? ' over' : ''}`}>
            {count.value}/{count.max}
          </span>
        )}
      </div>
      {children({ id, describedBy: hintId })}
      {hint && (
        <p className="field-hint" id={hintId}>
          {hint}
        </p>
      )}
    </div>
  )
}

interface TextFieldProps extends InputHTMLAttributes<HTMLInputElement> {
  label: string
  hint?: string
  showCount?: boolean
}

export function TextField({ label, hint, showCount, maxLength, ...rest }: TextFieldProps) {
  const count =
    showCount && maxLength ? { value: String(rest.value ?? '').length, max: maxLength } : undefined
  return (
    <FieldShell label={label} hint={hint} count={count}>
      {({ id, describedBy }) => (
        <input
          id={id}
          className="input"
          aria-describedby={describedBy}
          maxLength={maxLength}
          {...rest}
        />
      )}
    </FieldShell>
  )
}

interface TextAreaProps extends TextareaHTMLAttributes<HTMLTextAreaElement> {
  label: string
  hint?: string
  showCount?: boolean
}

export function TextArea({ label, hint, showCount, maxLength, ...rest }: TextAreaProps) {
  const count =
    showCount && maxLength ? { value: String(rest.value ?? '').length, max: maxLength } : undefined
  return (
    <FieldShell label={label} hint={hint} count={count}>
      {({ id, describedBy }) => (
        <textarea
          id={id}
          className="input textarea"
          aria-describedby={describedBy}
          maxLength={maxLength}
          {...rest}
        />
      )}
    </FieldShell>
  )
}
