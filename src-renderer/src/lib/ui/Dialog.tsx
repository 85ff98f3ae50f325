import { useEffect, useId, useRef, type JSX, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { Icon } from './Icon'

export interface DialogProps {
  readonly open: boolean
  /** Esc, the close button and a click on the backdrop call this; ignored while `busy`. */
  readonly onClose: () => void
  readonly title: ReactNode
  readonly children: ReactNode
  readonly footer?: ReactNode
  readonly busy?: boolean
  readonly size?: 'sm' | 'md'
  readonly testId?: string
}

/** A modal on the native <dialog>: focus trapping, Esc and the top layer come from the browser. */
export function Dialog({ open, onClose, title, children, footer, busy = false, size = 'md', testId }: DialogProps): JSX.Element {
  const ref = useRef<HTMLDialogElement>(null)
  const titleId = useId()
  const { t } = useTranslation()

  useEffect(() => {
    const el = ref.current
    if (!el) return
    if (open && !el.open) el.showModal()
    if (!open && el.open) el.close()
  }, [open])

  const requestClose = (): void => {
    if (!busy) onClose()
  }

  return (
    <dialog
      ref={ref}
      className={`dialog dialog-${size}`}
      aria-labelledby={titleId}
      data-testid={testId}
      onCancel={(e) => {
        e.preventDefault()
        requestClose()
      }}
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) requestClose()
      }}
    >
      {open && (
        <div className="dialog-card">
          <header className="dialog-header">
            <h2 id={titleId}>{title}</h2>
            <button type="button" className="icon-btn" onClick={requestClose} aria-label={t('common.close')} disabled={busy}>
              <Icon name="x" />
            </button>
          </header>
          <div className="dialog-body">{children}</div>
          {footer && <footer className="dialog-footer">{footer}</footer>}
        </div>
      )}
    </dialog>
  )
}
