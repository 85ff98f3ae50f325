import type { CSSProperties, JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { hueOf, initialOf } from '../../../lib/avatar'
import { formatFullTime, formatMessageTime } from '../../../lib/format'
import { Icon } from '../../../lib/ui/Icon'
import { Switch } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName, needsAttention, selectIsBusy } from '../selectors'
import { useAccountsStore } from '../store'
import { LoginActions } from './LoginActions'
import { StatusBadge } from './StatusBadge'

function Avatar({ name, seed }: { name: string; seed: string }): JSX.Element {
  return (
    <span className="avatar" style={{ '--avatar-hue': hueOf(seed) } as CSSProperties} aria-hidden="true">
      {initialOf(name)}
    </span>
  )
}

function LastMessage({ at }: { at: number | null }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  if (at === null) return <span className="muted">{t('accounts.never')}</span>
  return (
    <time dateTime={new Date(at).toISOString()} title={formatFullTime(at, language)}>
      {formatMessageTime(at, Date.now(), language)}
    </time>
  )
}

export interface AccountRowProps {
  readonly account: Account
  readonly onRemove: (a: Account) => void
  /** Opens the add dialog on the QR tab to log this account in again. */
  readonly onRelogin: (a: Account) => void
  /** The row a notice pointed at (`#/accounts/<id>`). */
  readonly highlighted?: boolean
}

export function AccountRow({ account, onRemove, onRelogin, highlighted = false }: AccountRowProps): JSX.Element {
  const { t } = useTranslation()
  const busy = useAccountsStore(selectIsBusy(account.id))
  const setEnabled = useAccountsStore((s) => s.setEnabled)
  const name = displayName(account)
  const showNick = account.remark.trim() !== '' && account.nick.trim() !== '' && account.nick !== name

  return (
    <li className="account-row" data-testid="account-row" data-account-id={account.id} data-unb={account.unb} data-busy={busy || undefined} data-status={account.status} data-highlighted={highlighted || undefined}>
      <Avatar name={name} seed={account.unb} />
      <div className="account-main">
        <div className="account-name">
          <span className="account-title" data-testid="account-name">{name}</span>
          {showNick && <span className="account-nick">{account.nick}</span>}
          {account.kind === 'demo' && <span className="kind-tag">{t('accounts.kind.demo')}</span>}
        </div>
        <div className="account-meta">
          {account.kind !== 'demo' && (
            <>
              <span>{t(`accounts.kind.${account.kind}`)}</span>
              <span aria-hidden="true">·</span>
            </>
          )}
          <span>
            {t('accounts.unb')} <span className="mono" data-testid="account-unb">{account.unb}</span>
          </span>
        </div>
      </div>
      <div className="account-status">
        <StatusBadge status={account.status} />
        {account.statusReason && (
          <span className={needsAttention(account.status) ? 'status-reason status-reason-alert' : 'status-reason'} title={account.statusReason} data-testid="account-status-reason">
            {account.statusReason}
          </span>
        )}
      </div>
      <div className="account-last">
        <span className="cell-label">{t('accounts.lastMessage')}</span>
        <LastMessage at={account.lastMessageAt} />
      </div>
      <div className="account-actions">
        <LoginActions account={account} busy={busy} onRelogin={onRelogin} />
        <Switch
          checked={account.enabled}
          disabled={busy}
          label={t('accounts.enableAria', { name })}
          testId="account-enabled"
          onChange={(enabled) => void setEnabled(account.id, enabled)}
        />
        <button
          type="button"
          className="icon-btn icon-btn-danger"
          aria-label={t('accounts.removeAria', { name })}
          title={t('accounts.remove')}
          disabled={busy}
          data-testid="account-remove"
          onClick={() => onRemove(account)}
        >
          <Icon name="trash" size={17} />
        </button>
      </div>
    </li>
  )
}
