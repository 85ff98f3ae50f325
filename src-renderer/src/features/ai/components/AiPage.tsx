import { useEffect, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { routeHref } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Icon } from '../../../lib/ui/Icon'
import { Banner, EmptyState, PageHeader } from '../../../lib/ui/controls'
import { scrollToFirstError } from '../../../lib/ui/scrollToError'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName, selectAccounts, selectLoadStatus } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { selectAccountId, selectIsDirty, selectLoadError, selectSaveError, selectSavedAt, selectSaving, selectStatus } from '../selectors'
import { useAiStore } from '../store'
import { BargainCard } from './BargainCard'
import { BehaviourCard } from './BehaviourCard'
import { ModelCard } from './ModelCard'
import { PromptsCard } from './PromptsCard'
import { TestBox } from './TestBox'
import './ai.css'

function AccountPicker(): JSX.Element {
  const { t } = useTranslation()
  const accounts = useAccountsStore(selectAccounts)
  const accountId = useAiStore(selectAccountId)
  const select = useAiStore((s) => s.select)
  return (
    <label className="picker">
      <span className="picker-label">{t('ai.account')}</span>
      <select className="input select" value={accountId ?? ''} data-testid="ai-account-picker" onChange={(e) => void select(e.target.value)}>
        {accounts.map((a) => <option key={a.id} value={a.id}>{displayName(a)}</option>)}
      </select>
    </label>
  )
}

/** Picks the first account when none (or a removed one) is selected. */
function useAutoSelect(): void {
  const accounts = useAccountsStore(selectAccounts)
  const accountId = useAiStore(selectAccountId)
  const select = useAiStore((s) => s.select)
  useEffect(() => {
    const first = accounts[0]
    if (first && !accounts.some((a) => a.id === accountId)) void select(first.id)
  }, [accounts, accountId, select])
}

function SaveBar(): JSX.Element {
  const { t } = useTranslation()
  const dirty = useAiStore(selectIsDirty)
  const saving = useAiStore(selectSaving)
  const savedAt = useAiStore(selectSavedAt)
  const hasFieldErrors = useAiStore((s) => Object.keys(s.fieldErrors).length > 0)
  const save = useAiStore((s) => s.save)
  const discard = useAiStore((s) => s.discard)
  const state = hasFieldErrors ? 'errors' : dirty ? 'dirty' : savedAt ? 'saved' : 'clean'
  return (
    <div className="save-bar" data-state={state} data-testid="ai-save-bar">
      <span className="save-bar-text">
        {state === 'saved' && <Icon name="check" size={15} />}
        {state === 'errors' && <Icon name="alert" size={15} />}
        {state === 'errors' ? t('ai.fixErrors') : state === 'dirty' ? t('ai.dirty') : state === 'saved' ? t('ai.saved') : t('ai.upToDate')}
      </span>
      {dirty && <button type="button" className="btn btn-ghost" disabled={saving} onClick={discard}>{t('ai.discard')}</button>}
      <button type="button" className="btn btn-primary" disabled={!dirty || saving} data-testid="ai-save" onClick={() => void save().then((ok) => {
        // the errors render with this state change: look for them after the frame
        if (!ok) requestAnimationFrame(() => scrollToFirstError(document.querySelector('.content') ?? document))
      })}>
        {saving && <span className="spinner" aria-hidden="true" />}
        {saving ? t('ai.saving') : t('ai.save')}
      </button>
    </div>
  )
}

function Body(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const status = useAiStore(selectStatus)
  const loadError = useAiStore(selectLoadError)
  const saveError = useAiStore(selectSaveError)
  const accountId = useAiStore(selectAccountId)
  const select = useAiStore((s) => s.select)
  if (status === 'error') {
    return (
      <Banner tone="error" title={t('ai.loadFailed')} testId="ai-load-error" action={accountId ? <button type="button" className="btn btn-sm" onClick={() => void select(accountId)}>{t('common.retry')}</button> : undefined}>
        {loadError ? localizeMessage(loadError.message, language) : ''}
      </Banner>
    )
  }
  if (status !== 'ready') return <div className="ai-loading" aria-busy="true"><span className="skeleton" /><span className="skeleton" /></div>
  return (
    <div className="ai-layout">
      <div className="ai-main">
        {saveError && <Banner tone="error" title={t('ai.saveFailed')} testId="ai-save-error">{localizeMessage(saveError.message, language)}</Banner>}
        <ModelCard />
        <BargainCard />
        <BehaviourCard />
        <PromptsCard />
        <SaveBar />
      </div>
      <aside className="ai-side">
        <TestBox />
      </aside>
    </div>
  )
}

export function AiPage(): JSX.Element {
  const { t } = useTranslation()
  const accountsStatus = useAccountsStore(selectLoadStatus)
  const hasAccounts = useAccountsStore((s) => s.accounts.length > 0)
  useAutoSelect()
  const empty = accountsStatus === 'ready' && !hasAccounts
  return (
    <div className="page page-wide">
      <PageHeader title={t('ai.title')} subtitle={t('ai.subtitle')} actions={hasAccounts ? <AccountPicker /> : undefined} />
      {empty ? (
        <div className="page-body page-body-center">
          <EmptyState icon="sparkles" title={t('ai.noAccountsTitle')} body={t('ai.noAccountsBody')} testId="ai-empty"
            action={<a className="btn btn-primary" href={routeHref('accounts')}>{t('ai.goAccounts')}</a>} />
        </div>
      ) : (
        <Body />
      )}
    </div>
  )
}
