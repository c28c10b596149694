import { TextField } from './field'

interface PasswordFieldProps {
  label: string
  /** `current`: the one you have; `new`: one you choose (with the rule's hint); `confirm`: it again */
  kind: 'current' | 'new' | 'confirm'
  value: string
  onChange: (value: string) => void
}

/** A required password input; a new one holds 8 characters at least, as the server asks. */
export function PasswordField({ label, kind, value, onChange }: PasswordFieldProps) {
  const fresh = kind !== 'current'
  return (
    <TextField
      label={label}
      type="password"
      autoComplete={fresh ? 'new-password' : 'current-password'}
      required
      minLength={fresh ? 8 : undefined}
      hint={kind === 'new' ? 'At least 8 characters, and not a common password' : undefined}
      value={value}
      onChange={(e) => onChange(e.target.value)}
    />
  )
}
