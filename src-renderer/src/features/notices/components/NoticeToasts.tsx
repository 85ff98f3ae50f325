import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { navigate } from '../../../app/routes'
import { formatMessageTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Icon, type IconName } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { selectNotices } from '../selectors'
import { isSticky, noticeTarget, useNoticesStore, type Notice, type NoticeKind } from '../store'
import './notices.css'

const KIND_ICON: Record<NoticeKind, IconName> = {
  needs_login: 'users',
  needs_verification: 'shield',
  order_paid: 'receipt',
  takeover_message: 'message',
  ai_failing: 'alert',
  db_damaged: 'alert',
  reply_held: 'shield',
  delivery_review: 'receipt',
  pool_low: 'tag',
  account_offline: 'clock',
  budget_reached: 'chart',
  daily_summary: 'chart',
  digest: 'bell'
}

function Toast({ notice }: { notice: Notice }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const dismiss = useNoticesStore((s) => s.dismiss)
  const open = (): void => {
    const target = noticeTarget(notice)
    navigate(target.route, ...target.parts)
    dismiss(notice.id)
  }
  return (
    <li className="toast" data-kind={notice.kind} data-sticky={isSticky(notice.kind) || undefined} data-testid="notice-toast" data-notice-id={notice.id}>
      <button type="button" className="toast-main" onClick={open} title={t('notices.open')}>
        <span className="toast-icon" aria-hidden="true">
          <Icon name={KIND_ICON[notice.kind]} size={16} />
        </span>
        <span className="toast-text">
          <span className="toast-kind">
            {t(`notices.kinds.${notice.kind}`)}
            <time dateTime={new Date(notice.createdAt).toISOString()}>{formatMessageTime(notice.createdAt, Date.now(), language)}</time>
          </span>
          <strong className="toast-title">{localizeMessage(notice.title, language)}</strong>
          {notice.body && <span className="toast-body">{localizeMessage(notice.body, language)}</span>}
        </span>
      </button>
      <button type="button" className="icon-btn icon-btn-sm toast-close" aria-label={t('notices.dismiss')} onClick={() => dismiss(notice.id)} data-testid="notice-dismiss">
        <Icon name="x" size={14} />
      </button>
    </li>
  )
}

/** The top-right stack of in-app notices (`notice.raised`); newest on top. */
export function NoticeToasts(): JSX.Element {
  const { t } = useTranslation()
  const notices = useNoticesStore(selectNotices)
  return (
    <section className="toasts" aria-label={t('notices.region')} aria-live="polite">
      <ol className="toast-list">
        {notices.map((n) => (
          <Toast key={n.id} notice={n} />
        ))}
      </ol>
    </section>
  )
}
