import { useEffect, useState, type JSX } from 'react'
import { DELIVERY_VARIABLES, type DeliveryRule, type HttpSource, type ShipMode } from '@contract'
import { useTranslation } from 'react-i18next'
import { useShallow } from 'zustand/react/shallow'
import { routeHref } from '../../../app/routes'
import { localizeMessage } from '../../../lib/messages'
import { Dialog } from '../../../lib/ui/Dialog'
import { Icon } from '../../../lib/ui/Icon'
import { Segmented, Switch } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { Field, FieldError, NumberInput, ToggleRow } from '../../ai/components/form'
import { useVariableInsert } from '../../../lib/ui/useVariableInsert'
import { emptyRuleForm, MAX_MESSAGES, ruleFormOf, ruleProblems, toDeliveryRule, type DeliveryRuleForm, type PartDraft, type RuleField, type SourceKind } from '../form'
import { usePoolsStore } from '../poolsStore'
import { useDeliveryStore } from '../store'
import '../../rules/components/rules.css'

type SetForm = (p: Partial<DeliveryRuleForm>) => void

/** One delivery message: text with variable chips, or an image URL. */
function PartEditor({ value, index, onChange, onRemove }: { value: PartDraft; index: number; onChange: (p: PartDraft) => void; onRemove?: () => void }): JSX.Element {
  const { t } = useTranslation()
  const { ref, insert } = useVariableInsert(value, (text) => onChange({ kind: 'text', text }))
  return (
    <div className="reply-editor" data-testid="dr-message">
      <div className="reply-editor-head">
        <span className="reply-index">{index + 1}</span>
        <Segmented<'text' | 'image'> size="sm" label={t('delivery.editor.messages')} value={value.kind}
          options={[{ value: 'text', label: t('delivery.editor.text'), icon: 'message' }, { value: 'image', label: t('delivery.editor.image'), icon: 'image' }]}
          onChange={(k) => onChange(k === 'text' ? { kind: 'text', text: '' } : { kind: 'image', url: '' })} />
        {onRemove && (
          <button type="button" className="icon-btn icon-btn-sm icon-btn-danger reply-remove" aria-label={t('delivery.editor.removeMessage')} onClick={onRemove}><Icon name="x" size={14} /></button>
        )}
      </div>
      {value.kind === 'text' ? (
        <>
          <textarea ref={ref} className="textarea textarea-sm" rows={3} maxLength={1000} value={value.text} placeholder={t('delivery.editor.textPlaceholder')} aria-label={t('delivery.editor.text')} data-testid="dr-message-text" onChange={(e) => onChange({ kind: 'text', text: e.target.value })} />
          <div className="var-chips" aria-label={t('delivery.editor.variables')}>
            {DELIVERY_VARIABLES.map((v) => (
              <button key={v} type="button" className="var-chip" title={t(`delivery.editor.vars.${v}`)} data-testid={`dr-var-${v}`} onClick={() => insert(v)}>
                {`{${v}}`}
                <span>{t(`delivery.editor.vars.${v}`)}</span>
              </button>
            ))}
          </div>
        </>
      ) : (
        <input className="input mono" type="url" value={value.url} placeholder="https://…" aria-label={t('delivery.editor.imageUrl')} data-testid="dr-message-url" onChange={(e) => onChange({ kind: 'image', url: e.target.value })} />
      )}
    </div>
  )
}

function SourceFields({ form, set, problems, rule }: { form: DeliveryRuleForm; set: SetForm; problems: Partial<Record<RuleField, string>>; rule: DeliveryRule | null }): JSX.Element {
  const ruleId = rule?.id ?? null
  // the test calls the saved source: say so while the form differs from it
  const unsaved = rule !== null && JSON.stringify(rule.source) !== JSON.stringify({ kind: 'http', http: form.http })
  const { t } = useTranslation()
  const language = useLanguage()
  const pools = usePoolsStore(useShallow((s) => s.pools.filter((p) => p.accountId === form.accountId)))
  const test = useDeliveryStore((s) => (ruleId === null ? undefined : s.tests[ruleId]))
  const testSource = useDeliveryStore((s) => s.testSource)
  const http = (p: Partial<HttpSource>): void => set({ http: { ...form.http, ...p } })
  return (
    <>
      <Field label={t('delivery.editor.source')} hint={t(`delivery.editor.sourceHint.${form.sourceKind}`)} field="source" wide>
        {() => (
          <Segmented<SourceKind> label={t('delivery.editor.source')} value={form.sourceKind} testId="dr-source"
            options={(['pool', 'http', 'none'] as const).map((k) => ({ value: k, label: t(`delivery.editor.sources.${k}`), testId: `dr-source-${k}` }))}
            onChange={(sourceKind) => set({ sourceKind, poolId: sourceKind === 'pool' ? (form.poolId ?? pools[0]?.id ?? null) : form.poolId })} />
        )}
      </Field>
      {form.sourceKind === 'pool' && (
        <Field label={t('delivery.editor.pool')} field="pool" wide error={problems.pool} hint={pools.length === 0 ? t('delivery.editor.noPool') : undefined}>
          {(id) => (
            <div className="dr-pool-row">
              <select id={id} className="input select" value={form.poolId ?? ''} data-testid="dr-pool" onChange={(e) => set({ poolId: e.target.value ? Number(e.target.value) : null })}>
                <option value="" disabled>{t('delivery.editor.choosePool')}</option>
                {pools.map((p) => <option key={p.id} value={p.id}>{`${p.name}（${t('delivery.editor.poolCounts', { available: p.available, used: p.used })}）`}</option>)}
              </select>
              <a className="link" href={routeHref('delivery', 'pools')}>{t('delivery.editor.createPool')}</a>
            </div>
          )}
        </Field>
      )}
      {form.sourceKind === 'http' && (
        <>
          <Field label={t('delivery.editor.url')} field="url" wide error={problems.url}>
            {(id) => <input id={id} className="input mono" type="url" maxLength={1000} value={form.http.url} placeholder="https://example.com/api/code" data-testid="dr-url" onChange={(e) => http({ url: e.target.value })} />}
          </Field>
          <Field label={t('delivery.editor.method')} field="method">
            {() => <Segmented<'GET' | 'POST'> size="sm" label={t('delivery.editor.method')} value={form.http.method} testId="dr-method" options={[{ value: 'GET', label: 'GET' }, { value: 'POST', label: 'POST' }]} onChange={(method) => http({ method })} />}
          </Field>
          <Field label={t('delivery.editor.jsonPath')} hint={t('delivery.editor.jsonPathHint')} field="jsonPath">
            {(id) => <input id={id} className="input mono" maxLength={200} value={form.http.jsonPath} placeholder="data.code" data-testid="dr-json-path" onChange={(e) => http({ jsonPath: e.target.value })} />}
          </Field>
          {form.http.method === 'POST' && (
            <Field label={t('delivery.editor.body')} hint={t('delivery.editor.bodyHint')} field="body" wide>
              {(id) => <textarea id={id} className="textarea textarea-sm mono" rows={3} maxLength={4000} value={form.http.body} data-testid="dr-body" onChange={(e) => http({ body: e.target.value })} />}
            </Field>
          )}
          <Field label={t('delivery.editor.timeout')} field="timeout" error={problems.timeout}>
            {(id) => <NumberInput id={id} value={form.http.timeoutMs} min={500} max={60_000} step={500} unit="ms" invalid={!!problems.timeout} testId="dr-timeout" onChange={(timeoutMs) => http({ timeoutMs })} />}
          </Field>
          <Field label={t('delivery.editor.retries')} field="retries" error={problems.retries}>
            {(id) => <NumberInput id={id} value={form.http.retries} min={0} max={5} invalid={!!problems.retries} testId="dr-retries" onChange={(retries) => http({ retries })} />}
          </Field>
          <div className="field field-wide dr-test">
            <button type="button" className="btn btn-sm" disabled={ruleId === null || test?.status === 'running'} data-testid="dr-test" onClick={() => ruleId !== null && void testSource(ruleId)}>
              {test?.status === 'running' ? <span className="spinner" aria-hidden="true" /> : <Icon name="zap" size={14} />}
              {test?.status === 'running' ? t('delivery.editor.testing') : t('delivery.editor.test')}
            </button>
            {ruleId === null && <span className="field-hint">{t('delivery.editor.testSaveFirst')}</span>}
            {unsaved && <span className="field-hint" data-testid="dr-test-unsaved">{t('delivery.editor.testSaved')}</span>}
            {test?.status === 'done' && (
              <span className={test.ok ? 'ok-text' : 'field-error'} data-testid="dr-test-result" data-ok={test.ok}>
                {test.ok ? t('delivery.editor.testOk', { masked: test.masked }) : t('delivery.editor.testFailed', { error: localizeMessage(test.error, language) })}
              </span>
            )}
          </div>
        </>
      )}
    </>
  )
}

function MessagesField({ form, set, problem }: { form: DeliveryRuleForm; set: SetForm; problem: string | undefined }): JSX.Element | null {
  const { t } = useTranslation()
  if (form.shipMode === 'ship_only') return null
  return (
    <div className="field field-wide" data-invalid={problem ? true : undefined}>
      <span className="field-label">{t('delivery.editor.messages')}</span>
      {form.messages.map((m, i) => (
        <PartEditor key={i} index={i} value={m}
          onChange={(next) => set({ messages: form.messages.map((x, j) => (j === i ? next : x)) })}
          onRemove={form.messages.length > 1 ? () => set({ messages: form.messages.filter((_, j) => j !== i) }) : undefined} />
      ))}
      {form.messages.length < MAX_MESSAGES && (
        <button type="button" className="btn btn-sm btn-ghost add-reply" data-testid="dr-add-message" onClick={() => set({ messages: [...form.messages, { kind: 'text', text: '' }] })}>
          <Icon name="plus" size={14} />
          {t('delivery.editor.addMessage')}
        </button>
      )}
      <FieldError message={problem} field="messages" />
      <p className="field-hint">{t('delivery.editor.messagesHint')}</p>
    </div>
  )
}

/** Create or edit an item's delivery rule. `rule` undefined = closed, null = new. Errors show all at once, each next to its field. */
export function RuleEditor({ rule, accountId, itemId, onClose }: { rule: DeliveryRule | null | undefined; accountId: string; itemId: string; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const saving = useDeliveryStore((s) => s.saving)
  const saveError = useDeliveryStore((s) => s.saveError)
  const saveRule = useDeliveryStore((s) => s.saveRule)
  const clearSaveError = useDeliveryStore((s) => s.clearSaveError)
  const firstPool = usePoolsStore((s) => s.pools.find((p) => p.accountId === accountId)?.id ?? null)
  const [form, setForm] = useState<DeliveryRuleForm>(() => emptyRuleForm(accountId, itemId, firstPool))
  const [tried, setTried] = useState(false)
  const open = rule !== undefined

  useEffect(() => {
    if (!open) return
    setForm(rule ? ruleFormOf(rule) : emptyRuleForm(accountId, itemId, usePoolsStore.getState().pools.find((p) => p.accountId === accountId)?.id ?? null))
    setTried(false)
    clearSaveError()
  }, [open, rule, accountId, itemId, clearSaveError])

  const set: SetForm = (p) => setForm((f) => ({ ...f, ...p }))
  const all = ruleProblems(form)
  const shown = tried ? all.fields : {}
  const problems: Partial<Record<RuleField, string>> = Object.fromEntries(
    Object.entries(shown).map(([field, p]) => [field, t(`delivery.editor.problem.${p}`, { names: all.unknownVars.map((v) => `{${v}}`).join(' ') })])
  )
  const submit = async (): Promise<void> => {
    setTried(true)
    if (Object.keys(all.fields).length > 0) return
    if (await saveRule(rule?.id ?? null, toDeliveryRule(form))) onClose()
  }

  return (
    <Dialog open={open} onClose={onClose} busy={saving} title={rule ? t('delivery.editor.editTitle') : t('delivery.editor.newTitle')} testId="delivery-rule-dialog"
      footer={
        <>
          <button type="button" className="btn btn-ghost" onClick={onClose} disabled={saving}>{t('common.cancel')}</button>
          <button type="button" className="btn btn-primary" disabled={saving} data-testid="dr-save" onClick={() => void submit()}>
            {saving && <span className="spinner" aria-hidden="true" />}
            {saving ? t('delivery.editor.saving') : t('delivery.editor.save')}
          </button>
        </>
      }>
      <div className="form-grid rule-form">
        <Field label={t('delivery.editor.name')} field="name">
          {(id) => <input id={id} className="input" maxLength={100} value={form.name} placeholder={t('delivery.editor.namePlaceholder')} data-testid="dr-name" onChange={(e) => set({ name: e.target.value })} />}
        </Field>
        <Field label={t('delivery.editor.spec')} hint={t('delivery.editor.specHint')} field="spec" error={problems.spec}>
          {(id) => <input id={id} className="input" maxLength={220} value={form.spec} placeholder={t('delivery.editor.specPlaceholder')} data-testid="dr-spec" onChange={(e) => set({ spec: e.target.value })} />}
        </Field>
        <Field label={t('delivery.editor.shipMode')} hint={t(`delivery.editor.shipHint.${form.shipMode}`)} field="shipMode" wide>
          {() => (
            <Segmented<ShipMode> label={t('delivery.editor.shipMode')} value={form.shipMode} testId="dr-ship"
              options={(['off', 'after_ack', 'ship_only'] as const).map((m) => ({ value: m, label: t(`delivery.editor.shipModes.${m}`), testId: `dr-ship-${m}` }))}
              onChange={(shipMode) => set({ shipMode })} />
          )}
        </Field>
        {form.shipMode !== 'ship_only' && <SourceFields form={form} set={set} problems={problems} rule={rule ?? null} />}
        <MessagesField form={form} set={set} problem={problems.messages} />
        <Field label={t('delivery.editor.delay')} hint={t('delivery.editor.delayHint')} field="delay" error={problems.delay}>
          {(id) => <NumberInput id={id} value={form.delaySeconds} min={0} max={3600} unit={t('delivery.editor.seconds')} invalid={!!problems.delay} testId="dr-delay" onChange={(delaySeconds) => set({ delaySeconds })} />}
        </Field>
        <ToggleRow label={t('delivery.editor.enabled')}>
          <Switch checked={form.enabled} label={t('delivery.editor.enabled')} testId="dr-enabled" onChange={(enabled) => set({ enabled })} />
        </ToggleRow>
        {saveError ? (
          <p className="field-error field-wide" role="alert" data-testid="dr-error">
            <Icon name="alert" size={14} />
            {`${t('delivery.editor.saveFailed')}：${localizeMessage(saveError.message, language)}`}
          </p>
        ) : null}
      </div>
    </Dialog>
  )
}
