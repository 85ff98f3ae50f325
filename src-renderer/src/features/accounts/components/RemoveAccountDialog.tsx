import { useEffect, useState, type JSX } from 'react'
import type { Account } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Dialog } from '../../../lib/ui/Dialog'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName, selectActionError, selectIsBusy } from '../selectors'
import { useAccountsStore } from '../store'

/** Confirms a removal; chats and messages are kept unless the seller ticks the box. */
export function RemoveAccountDialog({ account, onClose }: { account: Account | null; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const [wipe, setWipe] = useState(false)
  const busy = useAccountsStore(selectIsBusy(account?.id ?? ''))
  const error = useAccountsStore(selectActionError)
  const remove = useAccountsStore((s) => s.remove)
  const clearError = useAccountsStore((s) => s.clearActionError)

  useEffect(() => {
    if (account) {
      setWipe(false)
      clearError()
    }
  }, [account, clearError])

  const confirm = async (): Promise<void> => {
    if (account && (await remove(account.id, wipe))) onClose()
  }

  return (
    <Dialog
      open={account !== null}
      onClose={onClose}
      busy={busy}
      size="sm"
      title={t('removeAccount.title')}
      testId="remove-account-dialog"
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={busy}>
            {t('common.cancel')}
          </button>
          <button type="button" className="btn btn-danger" onClick={() => void confirm()} disabled={busy} data-testid="remove-account-confirm">
            {busy ? t('removeAccount.removing') : t('removeAccount.confirm')}
          </button>
        </>
      }
    >
      {account && (
        <>
          <p className="dialog-text">{t('removeAccount.body', { name: displayName(account) })}</p>
          <label className="checkbox">
            <input type="checkbox" checked={wipe} onChange={(e) => setWipe(e.target.checked)} disabled={busy} data-testid="remove-account-wipe" />
            <span>
              {t('removeAccount.wipeData')}
              <small>{t('removeAccount.wipeHint')}</small>
            </span>
          </label>
          {error && (
            <p className="field-error" role="alert" data-testid="remove-account-error">
              {localizeMessage(error.message, language)}
            </p>
          )}
        </>
      )}
    </Dialog>
  )
}
