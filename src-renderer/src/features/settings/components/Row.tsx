import type { JSX, ReactNode } from 'react'

/** A settings line: label and hint on the left, the control on the right. */
export function Row({ label, hint, children, testId }: { label: ReactNode; hint?: ReactNode; children: ReactNode; testId?: string }): JSX.Element {
  return (
    <div className="settings-row" data-testid={testId}>
      <div className="settings-row-text">
        <div className="settings-row-label">{label}</div>
        {hint && <div className="settings-row-hint">{hint}</div>}
      </div>
      <div className="settings-row-control">{children}</div>
    </div>
  )
}
