import type { JSX } from 'react'
import type { DeliveryReview } from '@contract'
import { useTranslation } from 'react-i18next'
import { orderHref } from '../../../app/routes'
import { formatFullTime, formatMessageTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { useInboxStore } from '../../inbox/store'
import { reviewActions, useReviewsStore } from '../reviewsStore'
import './orders.css'

function ReviewCard({ review }: { review: DeliveryReview }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const order = useReviewsStore((s) => s.orders[review.id])
  const busy = useReviewsStore((s) => s.busyIds.includes(review.id))
  const act = useReviewsStore((s) => s.act)
  const open = (): void => {
    window.location.hash = orderHref(review.accountId, review.orderId)
  }
  return (
    <li className="review-card" data-testid="review-card" data-review-id={review.id} data-reason={review.reason} data-order-id={review.orderId}>
      <div className="review-card-head">
        <span className="mono muted">{t('orders.review.order', { id: review.orderId })}</span>
        <time className="muted" title={formatFullTime(review.createdAt, language)}>{formatMessageTime(review.createdAt, Date.now(), language)}</time>
      </div>
      <span className="review-card-reason">{t(`orders.review.reason.${review.reason}`)}</span>
      {review.detail && <span className="review-card-item">{localizeMessage(review.detail, language)}</span>}
      {order && <span className="review-card-item">{[order.itemTitle, order.spec, order.buyerNick].filter(Boolean).join(' · ')}</span>}
      <div className="review-card-actions">
        {reviewActions(review).map((a) => (
          <button key={a} type="button" className={`btn btn-sm ${a === 'deliverNow' ? 'btn-primary' : ''}`} disabled={busy} title={t(`orders.actions.${a}Hint`)} data-testid={`review-${a}`} onClick={() => void act(review, a)}>
            {t(`orders.actions.${a}`)}
          </button>
        ))}
        <button type="button" className="btn btn-sm btn-ghost" data-testid="review-open" onClick={open}>{t('orders.actions.open')}</button>
      </div>
    </li>
  )
}

/** Delivery reviews at the top of the inbox's 需处理 filter, with their reason and quick actions. */
export function ReviewQueue(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const reviews = useReviewsStore((s) => s.reviews)
  const error = useReviewsStore((s) => s.error)
  const clearError = useReviewsStore((s) => s.clearError)
  if (reviews.length === 0 && !error) return null
  return (
    <section className="review-queue" aria-label={t('orders.review.title')} data-testid="review-queue">
      <span className="review-queue-title"><Icon name="package" size={14} />{t('orders.review.count', { count: reviews.length })}</span>
      {error && (
        <p className="field-error" role="alert" data-testid="review-error">
          <Icon name="alert" size={13} />
          {`${t('orders.actions.failed')}：${localizeMessage(error.message, language)}`}
          <button type="button" className="icon-btn icon-btn-sm" aria-label={t('common.dismiss')} onClick={clearError}><Icon name="x" size={12} /></button>
        </p>
      )}
      <ul className="review-list">
        {reviews.map((r) => <ReviewCard key={r.id} review={r} />)}
      </ul>
    </section>
  )
}

/** Outside 需处理: one line saying orders wait, a click shows them. */
export function ReviewHint({ count }: { count: number }): JSX.Element {
  const { t } = useTranslation()
  const setFilter = useInboxStore((s) => s.setFilter)
  return (
    <button type="button" className="review-hint" data-testid="review-hint" onClick={() => setFilter({ attention: true })}>
      <Icon name="package" size={14} />
      {t('orders.review.count', { count })}
    </button>
  )
}
