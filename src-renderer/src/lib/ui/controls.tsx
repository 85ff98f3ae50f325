import type { JSX, ReactNode } from 'react'
import { Icon, type IconName } from './Icon'

export function Switch(props: { checked: boolean; onChange: (next: boolean) => void; label: string; disabled?: boolean; testId?: string }): JSX.Element {
  return (
    <button
      type="button"
      role="switch"
      className="switch"
      aria-checked={props.checked}
      aria-label={props.label}
      disabled={props.disabled}
      data-testid={props.testId}
      onClick={() => props.onChange(!props.checked)}
    >
      <span className="switch-thumb" />
    </button>
  )
}

export interface SegmentedOption<V extends string> {
  readonly value: V
  readonly label: ReactNode
  readonly icon?: IconName
  readonly testId?: string
}

/** A radio group drawn as a segmented control. */
export function Segmented<V extends string>(props: {
  value: V
  options: ReadonlyArray<SegmentedOption<V>>
  onChange: (v: V) => void
  label: string
  size?: 'sm' | 'md'
  testId?: string
}): JSX.Element {
  return (
    <div className={`segmented segmented-${props.size ?? 'md'}`} role="radiogroup" aria-label={props.label} data-testid={props.testId}>
      {props.options.map((o) => (
        <button
          key={o.value}
          type="button"
          role="radio"
          aria-checked={o.value === props.value}
          className="segmented-item"
          data-testid={o.testId}
          onClick={() => o.value !== props.value && props.onChange(o.value)}
        >
          {o.icon && <Icon name={o.icon} size={15} />}
          {o.label}
        </button>
      ))}
    </div>
  )
}

export function EmptyState(props: { icon: IconName; title: ReactNode; body: ReactNode; action?: ReactNode; testId?: string }): JSX.Element {
  return (
    <div className="empty-state" data-testid={props.testId}>
      <div className="empty-illustration" aria-hidden="true">
        <Icon name={props.icon} size={30} />
      </div>
      <h2 className="empty-title">{props.title}</h2>
      <p className="empty-body">{props.body}</p>
      {props.action && <div className="empty-action">{props.action}</div>}
    </div>
  )
}

export function Banner(props: { tone: 'error' | 'info'; title?: ReactNode; children: ReactNode; onDismiss?: () => void; dismissLabel?: string; action?: ReactNode; testId?: string }): JSX.Element {
  return (
    <div className={`banner banner-${props.tone}`} role={props.tone === 'error' ? 'alert' : 'status'} data-testid={props.testId}>
      <Icon name={props.tone === 'error' ? 'alert' : 'shield'} size={16} className="banner-icon" />
      <div className="banner-text">
        {props.title && <strong>{props.title}</strong>}
        <span>{props.children}</span>
      </div>
      {props.action}
      {props.onDismiss && (
        <button type="button" className="icon-btn icon-btn-sm" onClick={props.onDismiss} aria-label={props.dismissLabel}>
          <Icon name="x" size={14} />
        </button>
      )}
    </div>
  )
}

export function PageHeader(props: { title: ReactNode; subtitle?: ReactNode; actions?: ReactNode }): JSX.Element {
  return (
    <header className="page-header">
      <div>
        <h1 className="page-title">{props.title}</h1>
        {props.subtitle && <p className="page-subtitle">{props.subtitle}</p>}
      </div>
      {props.actions && <div className="page-actions">{props.actions}</div>}
    </header>
  )
}
