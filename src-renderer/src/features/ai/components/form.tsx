import { useId, useState, type JSX, type ReactNode } from 'react'
import { Icon } from '../../../lib/ui/Icon'
import './form.css'

/** A titled card; the body lays its fields out in a two-column grid. */
export function Card(props: { title: ReactNode; aside?: ReactNode; children: ReactNode; testId?: string; className?: string }): JSX.Element {
  return (
    <section className={`form-card ${props.className ?? ''}`} data-testid={props.testId}>
      <header className="form-card-head">
        <h2 className="form-card-title">{props.title}</h2>
        {props.aside}
      </header>
      {props.children}
    </section>
  )
}

export function FieldError({ message, field }: { message: string | undefined; field: string }): JSX.Element | null {
  if (!message) return null
  return (
    <p className="field-error" role="alert" data-testid="ai-field-error" data-field={field}>
      <Icon name="alert" size={14} />
      {message}
    </p>
  )
}

/** Label, control, hint and the field's error; `wide` spans both grid columns. */
export function Field(props: { label: ReactNode; hint?: ReactNode; error?: string; field: string; wide?: boolean; children: (id: string) => ReactNode }): JSX.Element {
  const id = useId()
  return (
    <div className={`field ${props.wide ? 'field-wide' : ''}`} data-invalid={props.error ? true : undefined}>
      <label htmlFor={id} className="field-label">{props.label}</label>
      {props.children(id)}
      <FieldError message={props.error} field={props.field} />
      {props.hint && <p className="field-hint">{props.hint}</p>}
    </div>
  )
}

/**
 * A number input that lets the seller type freely: an empty or partial entry becomes NaN in the
 * draft (the form shows the range error) instead of snapping back to a number.
 */
export function NumberInput(props: { id: string; value: number; onChange: (n: number) => void; unit?: string; min?: number; max?: number; step?: number; invalid?: boolean; testId?: string }): JSX.Element {
  const [text, setText] = useState<string | null>(null)
  const shown = text ?? (Number.isFinite(props.value) ? String(props.value) : '')
  return (
    <div className="input-unit">
      <input
        id={props.id}
        className="input"
        type="number"
        inputMode="decimal"
        min={props.min}
        max={props.max}
        step={props.step ?? 1}
        value={shown}
        aria-invalid={props.invalid || undefined}
        data-testid={props.testId}
        onChange={(e) => {
          setText(e.target.value)
          props.onChange(e.target.value.trim() === '' ? Number.NaN : Number(e.target.value))
        }}
        onBlur={() => setText(null)}
      />
      {props.unit && <span className="input-unit-label">{props.unit}</span>}
    </div>
  )
}

/** Words as removable chips; Enter or comma adds, Backspace on an empty input removes the last. */
export function TagInput(props: { id?: string; values: ReadonlyArray<string>; onChange: (v: ReadonlyArray<string>) => void; placeholder?: string; removeLabel: (w: string) => string; testId?: string; maxLength?: number }): JSX.Element {
  const [text, setText] = useState('')
  const add = (): void => {
    const words = text.split(/[,，\n]/).map((w) => w.trim()).filter((w) => w && !props.values.includes(w))
    if (words.length > 0) props.onChange([...props.values, ...words])
    setText('')
  }
  return (
    <div className="tag-input" data-testid={props.testId}>
      {props.values.map((w) => (
        <span key={w} className="tag-chip">
          {w}
          <button type="button" className="tag-chip-x" aria-label={props.removeLabel(w)} onClick={() => props.onChange(props.values.filter((x) => x !== w))}>
            <Icon name="x" size={12} />
          </button>
        </span>
      ))}
      <input
        id={props.id}
        className="tag-input-field"
        value={text}
        maxLength={props.maxLength ?? 50}
        placeholder={props.values.length === 0 ? props.placeholder : undefined}
        onChange={(e) => setText(e.target.value)}
        onBlur={add}
        onKeyDown={(e) => {
          if (e.key === 'Enter' || e.key === ',' || e.key === '，') {
            e.preventDefault()
            add()
          } else if (e.key === 'Backspace' && text === '' && props.values.length > 0) {
            props.onChange(props.values.slice(0, -1))
          }
        }}
      />
    </div>
  )
}

/** A row with text on the left and a control (switch) on the right. */
export function ToggleRow(props: { label: ReactNode; hint?: ReactNode; children: ReactNode }): JSX.Element {
  return (
    <div className="toggle-row field-wide">
      <div>
        <div className="toggle-row-label">{props.label}</div>
        {props.hint && <div className="field-hint">{props.hint}</div>}
      </div>
      {props.children}
    </div>
  )
}
