import { useEffect, useState, type JSX } from 'react'
import type { KeywordRule, MatchMode } from '@contract'
import { useTranslation } from 'react-i18next'
import { localizeMessage } from '../../../lib/messages'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon } from '../../../lib/ui/Icon'
import { Segmented, Switch } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { displayName } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'
import { Field, FieldError, NumberInput, TagInput, ToggleRow } from '../../ai/components/form'
import { emptyForm, formOf, formProblems, formRevealsFloor, toRule, type FormProblem, type ProblemField, type RuleForm, type Scope } from '../form'
import { selectSaveError, selectSaving } from '../selectors'
import { useRulesStore } from '../store'
import { ReplyEditor } from './ReplyEditor'

const SCOPES: ReadonlyArray<Scope> = ['global', 'account', 'item']
const MODES: ReadonlyArray<MatchMode> = ['contains', 'exact', 'all', 'regex']

type Problems = Partial<Record<ProblemField, FormProblem>>

function ScopeFields({ form, set, problems }: { form: RuleForm; set: (p: Partial<RuleForm>) => void; problems: Problems }): JSX.Element {
  const { t } = useTranslation()
  const error = (f: ProblemField): string | undefined => (problems[f] ? t(`rules.dialog.${problems[f]}`) : undefined)
  const accounts = useAccountsStore((s) => s.accounts)
  return (
    <>
      <Field label={t('rules.dialog.scope')} hint={t(`rules.scopeHint.${form.scope}`)} field="scope" wide>
        {() => (
          <Segmented<Scope> label={t('rules.dialog.scope')} value={form.scope} testId="rule-scope-input"
            options={SCOPES.map((s) => ({ value: s, label: t(`rules.scope.${s}`), testId: `rule-scope-${s}` }))} onChange={(scope) => set({ scope })} />
        )}
      </Field>
      {form.scope !== 'global' && (
        <Field label={t('rules.dialog.account')} field="accountId" error={error('accountId')}>
          {(id) => (
            <select id={id} className="input select" value={form.accountId} data-testid="rule-account" onChange={(e) => set({ accountId: e.target.value })}>
              <option value="" disabled>{t('rules.dialog.chooseAccount')}</option>
              {accounts.map((a) => <option key={a.id} value={a.id}>{displayName(a)}</option>)}
            </select>
          )}
        </Field>
      )}
      {form.scope === 'item' && (
        <Field label={t('rules.dialog.itemId')} field="itemId" error={error('itemId')}>
          {(id) => <input id={id} className="input mono" inputMode="numeric" maxLength={30} value={form.itemId} placeholder={t('rules.dialog.itemPlaceholder')} data-testid="rule-item" onChange={(e) => set({ itemId: e.target.value.trim() })} />}
        </Field>
      )}
    </>
  )
}

function RepliesField({ form, set, problem }: { form: RuleForm; set: (p: Partial<RuleForm>) => void; problem: FormProblem | undefined }): JSX.Element {
  const { t } = useTranslation()
  return (
    <div className="field field-wide" data-invalid={problem ? true : undefined}>
      <span className="field-label">{t('rules.dialog.replies')}</span>
      {form.replies.map((r, i) => (
        <ReplyEditor key={i} index={i} value={r}
          onChange={(next) => set({ replies: form.replies.map((x, j) => (j === i ? next : x)) })}
          onRemove={form.replies.length > 1 ? () => set({ replies: form.replies.filter((_, j) => j !== i) }) : undefined} />
      ))}
      {form.replies.length < 5 && (
        <button type="button" className="btn btn-sm btn-ghost add-reply" data-testid="rule-add-reply" onClick={() => set({ replies: [...form.replies, { kind: 'text', text: '' }] })}>
          <Icon name="plus" size={14} />
          {t('rules.dialog.addReply')}
        </button>
      )}
      {formRevealsFloor(form) && (
        <label className="floor-confirm" data-testid="rule-reveal-floor">
          <input type="checkbox" checked={form.revealFloor} onChange={(e) => set({ revealFloor: e.target.checked })} />
          <span>{t('rules.dialog.revealFloorConfirm')}</span>
        </label>
      )}
      <FieldError message={problem ? t(`rules.dialog.${problem}`) : undefined} field="replies" />
      <p className="field-hint">{t('rules.dialog.repliesHint')}</p>
    </div>
  )
}

/** Create or edit a rule. `rule` undefined = closed, null = new. */
export function RuleDialog({ rule, defaultAccountId, onClose }: { rule: KeywordRule | null | undefined; defaultAccountId: string | null; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const saving = useRulesStore(selectSaving)
  const saveError = useRulesStore(selectSaveError)
  const save = useRulesStore((s) => s.save)
  const clearSaveError = useRulesStore((s) => s.clearSaveError)
  const [form, setForm] = useState<RuleForm>(() => emptyForm(defaultAccountId))
  const [tried, setTried] = useState(false)
  const open = rule !== undefined

  useEffect(() => {
    if (!open) return
    setForm(rule ? formOf(rule) : emptyForm(defaultAccountId))
    setTried(false)
    clearSaveError()
  }, [open, rule, defaultAccountId, clearSaveError])

  const set = (p: Partial<RuleForm>): void => setForm((f) => ({ ...f, ...p }))
  const all = formProblems(form)
  // errors show once the seller tried to save, all at once, each next to its field
  const problems: Problems = tried ? all : {}
  const submit = async (): Promise<void> => {
    setTried(true)
    if (Object.keys(all).length > 0) return
    if (await save(rule?.id ?? null, toRule(form))) onClose()
  }

  return (
    <Dialog open={open} onClose={onClose} busy={saving} title={rule ? t('rules.dialog.editTitle') : t('rules.dialog.newTitle')} testId="rule-dialog"
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={saving}>{t('common.cancel')}</button>
          <button type="button" className="btn btn-primary" disabled={saving} data-testid="rule-save" onClick={() => void submit()}>
            {saving && <span className="spinner" aria-hidden="true" />}
            {saving ? t('rules.dialog.saving') : t('rules.dialog.save')}
          </button>
        </>
      }>
      <div className="form-grid rule-form">
        <ScopeFields form={form} set={set} problems={problems} />
        <Field label={t('rules.dialog.matchMode')} hint={t(`rules.matchHint.${form.matchMode}`)} field="matchMode">
          {(id) => (
            <select id={id} className="input select" value={form.matchMode} data-testid="rule-match" onChange={(e) => set({ matchMode: e.target.value as MatchMode })}>
              {MODES.map((m) => <option key={m} value={m}>{t(`rules.match.${m}`)}</option>)}
            </select>
          )}
        </Field>
        <Field label={t('rules.priority')} hint={t('rules.dialog.priorityHint')} field="priority">
          {(id) => <NumberInput id={id} value={form.priority} min={-1000} max={1000} testId="rule-priority" onChange={(priority) => set({ priority })} />}
        </Field>
        <Field label={t('rules.dialog.keywords')} hint={t('rules.dialog.keywordsHint')} field="keywords" wide error={problems.keywords ? t(`rules.dialog.${problems.keywords}`) : undefined}>
          {(id) => <TagInput id={id} values={form.keywords} maxLength={200} placeholder={t('rules.dialog.keywordsPlaceholder')} testId="rule-keywords" removeLabel={(w) => t('ai.behaviour.removeWord', { word: w })} onChange={(keywords) => set({ keywords })} />}
        </Field>
        <RepliesField form={form} set={set} problem={problems.replies} />
        <ToggleRow label={t('rules.replyOnce')}>
          <Switch checked={form.replyOnce} label={t('rules.replyOnce')} testId="rule-once" onChange={(replyOnce) => set({ replyOnce })} />
        </ToggleRow>
        {saveError ? (
          <p className="field-error field-wide" role="alert" data-testid="rule-error">
            <Icon name="alert" size={14} />
            {`${t('rules.dialog.saveFailed')}：${localizeMessage(saveError.message, language)}`}
          </p>
        ) : null}
      </div>
    </Dialog>
  )
}
