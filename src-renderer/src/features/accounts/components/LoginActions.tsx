import { useState, type JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { useAccountsStore } from '../store'

/**
 * What a row offers when the seller must act: "验证" for a security check, "重新登录" (QR) and
 * "尝试自动续期" for a lost login. Failures land in the page's action-error banner.
 */
export function LoginActions({ account, busy, onRelogin }: { account: Account; busy: boolean; onRelogin: (a: Account) => void }): JSX.Element | null {
  const { t } = useTranslation()
  const verify = useAccountsStore((s) => s.verify)
  const refreshLogin = useAccountsStore((s) => s.refreshLogin)
  const [pending, setPending] = useState<'verify' | 'refresh' | null>(null)

  const run = async (kind: 'verify' | 'refresh'): Promise<void> => {
    setPending(kind)
    try {
      await (kind === 'verify' ? verify(account.id) : refreshLogin(account.id))
    } finally {
      setPending(null)
    }
  }

  if (!account.enabled) return null
  if (account.status === 'needs_verification') {
    return (
      <button type="button" className="btn btn-sm btn-primary" disabled={busy} aria-busy={pending === 'verify' || undefined} title={t('login.row.verifyTitle')} onClick={() => void run('verify')} data-testid="account-verify">
        {pending === 'verify' ? <span className="spinner" aria-hidden="true" /> : <Icon name="shield" size={14} />}
        {pending === 'verify' ? t('login.row.verifying') : t('login.row.verify')}
      </button>
    )
  }
  if (account.status !== 'needs_login') return null
  return (
    <div className="login-actions">
      <button type="button" className="btn btn-sm btn-ghost" disabled={busy} aria-busy={pending === 'refresh' || undefined} title={t('login.row.refreshTitle')} onClick={() => void run('refresh')} data-testid="account-refresh">
        {pending === 'refresh' ? <span className="spinner" aria-hidden="true" /> : <Icon name="refresh" size={14} />}
        {pending === 'refresh' ? t('login.row.refreshing') : t('login.row.refresh')}
      </button>
      <button type="button" className="btn btn-sm btn-primary" disabled={busy} onClick={() => onRelogin(account)} data-testid="account-relogin">
        <Icon name="qr" size={14} />
        {t('login.row.relogin')}
      </button>
    </div>
  )
}
