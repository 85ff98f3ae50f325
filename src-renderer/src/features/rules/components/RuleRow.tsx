import type { JSX } from 'react'
import type { KeywordRule } from '@contract'
import { useTranslation } from 'react-i18next'
import { Icon } from '../../../lib/ui/Icon'
import { Switch } from '../../../lib/ui/controls'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { ruleName, selectIsBusy } from '../selectors'
import { useRulesStore } from '../store'
import { TemplateText } from './TemplateText'

function ScopeBadge({ rule }: { rule: KeywordRule }): JSX.Element {
  const { t } = useTranslation()
  const account = useAccountsStore((s) => s.accounts.find((a) => a.id === rule.accountId))
  return (
    <div className="rule-scope">
      <span className={`scope-badge scope-${rule.scope}`} data-testid="rule-scope">{t(`rules.scope.${rule.scope}`)}</span>
      {rule.scope !== 'global' && <span className="rule-scope-target">{account ? displayName(account) : rule.accountId}</span>}
      {rule.itemId && <span className="rule-scope-target mono">{t('rules.item', { id: rule.itemId })}</span>}
    </div>
  )
}

export function RuleRow({ rule, onEdit, onRemove }: { rule: KeywordRule; onEdit: (r: KeywordRule) => void; onRemove: (r: KeywordRule) => void }): JSX.Element {
  const { t } = useTranslation()
  const busy = useRulesStore(selectIsBusy(rule.id))
  const setEnabled = useRulesStore((s) => s.setEnabled)
  const first = rule.replies[0]
  const name = ruleName(rule)
  return (
    <li className="rule-row" data-testid="rule-row" data-rule-id={rule.id} data-enabled={rule.enabled}>
      <ScopeBadge rule={rule} />
      <button type="button" className="rule-main" onClick={() => onEdit(rule)} aria-label={`${t('rules.edit')} ${name}`}>
        <div className="rule-keywords">
          <span className="rule-mode">{t(`rules.match.${rule.matchMode}`)}</span>
          {rule.keywords.map((k) => <span key={k} className="kw-chip">{k}</span>)}
        </div>
        <div className="rule-reply">
          {first?.kind === 'image' ? <><Icon name="image" size={14} /> {t('rules.image')}</> : first ? <TemplateText text={first.text} /> : null}
          {rule.replies.length > 1 && <span className="rule-more">{t('rules.moreReplies', { count: rule.replies.length - 1 })}</span>}
        </div>
      </button>
      <div className="rule-meta">
        <span className="mini-badge" title={t('rules.priority')}>{t('rules.priorityShort', { n: rule.priority })}</span>
        {rule.replyOnce && <span className="mini-badge">{t('rules.once')}</span>}
      </div>
      <Switch checked={rule.enabled} disabled={busy} label={t('rules.enableAria', { name })} testId="rule-enabled" onChange={(v) => void setEnabled(rule, v)} />
      <button type="button" className="icon-btn icon-btn-danger" disabled={busy} aria-label={t('rules.removeAria', { name })} title={t('rules.remove')} data-testid="rule-remove" onClick={() => onRemove(rule)}>
        <Icon name="trash" size={16} />
      </button>
    </li>
  )
}
