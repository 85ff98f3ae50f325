import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import {
  NOTIFY_DEFAULT_BASE, NOTIFY_SECRET_FIELDS, SMTP_PRESETS, type NotifyChannel, type NotifyChannelConfig, type NotifyChannelKind
} from '@contract'
import { Dialog } from '../../../lib/ui/Dialog'
import { Switch } from '../../../lib/ui/controls'
import { localizeMessage } from '../../../lib/messages'
import { useLanguage } from '../../../lib/useLanguage'
import { useNotifyStore } from '../store'
import { selectAccounts } from '../../accounts/selectors'
import { useAccountsStore } from '../../accounts/store'

export const ADDABLE_KINDS: ReadonlyArray<Exclude<NotifyChannelKind, 'desktop'>> = ['dingtalk', 'feishu', 'wecom', 'bark', 'pushplus', 'serverchan', 'telegram', 'email', 'webhook']

type ConfigField = Exclude<keyof NotifyChannelConfig, 'baseUrl' | 'smtpSecurity' | 'smtpPort'>
const CONFIG_FIELDS: Partial<Record<NotifyChannelKind, ReadonlyArray<ConfigField>>> = {
  telegram: ['chatId'], bark: ['sound', 'group'], email: ['smtpHost', 'smtpUser', 'from', 'to']
}

function TextField(props: { label: string; value: string; onChange: (v: string) => void; testId: string; placeholder?: string; hint?: string }): JSX.Element {
  return (
    <label className="field">
      <span className="field-label">{props.label}</span>
      <input className="input" value={props.value} placeholder={props.placeholder} data-testid={props.testId} onChange={(e) => props.onChange(e.target.value)} />
      {props.hint && <span className="field-hint">{props.hint}</span>}
    </label>
  )
}

/**
 * Add or edit a channel. Secret inputs are write-only: they start empty, an empty one keeps what
 * is stored, and after saving only "configured" comes back.
 */
export function ChannelDialog({ channel, onClose }: { channel: NotifyChannel | null; onClose: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const save = useNotifyStore((s) => s.saveChannel)
  const busy = useNotifyStore((s) => s.busy)
  const error = useNotifyStore((s) => s.error)
  const [kind, setKind] = useState<Exclude<NotifyChannelKind, 'desktop'>>(channel && channel.kind !== 'desktop' ? channel.kind : 'dingtalk')
  const [name, setName] = useState(channel?.name ?? '')
  const [enabled, setEnabled] = useState(channel?.enabled ?? true)
  const [config, setConfig] = useState<NotifyChannelConfig>(channel?.config ?? {})
  const [secrets, setSecrets] = useState<Record<string, string>>({})
  const [cleared, setCleared] = useState<ReadonlyArray<string>>([])
  const accounts = useAccountsStore(selectAccounts)
  const [accountIds, setAccountIds] = useState<ReadonlyArray<string> | null>(channel?.accountIds ?? null)
  const set = (patch: Partial<NotifyChannelConfig>): void => setConfig((c) => ({ ...c, ...patch }))

  const submit = async (): Promise<void> => {
    const typed = Object.fromEntries(Object.entries(secrets).filter(([, v]) => v.trim()))
    const removed = Object.fromEntries(cleared.map((f) => [f, null]))
    const clean = Object.fromEntries(Object.entries(config).filter(([, v]) => v !== '' && v !== undefined)) as NotifyChannelConfig
    const saved = await save({ id: channel?.id, name: name.trim() || t(`notify.kinds.${kind}`), kind, enabled, accountIds: accountIds && accountIds.length > 0 ? [...accountIds] : null, config: clean, secrets: { ...removed, ...typed } })
    if (saved) onClose()
  }

  const footer = (
    <>
      <button type="button" className="btn" onClick={onClose} disabled={busy}>{t('common.cancel')}</button>
      <button type="button" className="btn btn-primary" onClick={() => void submit()} disabled={busy} data-testid="notify-channel-save">
        {busy && <span className="spinner" aria-hidden="true" />}
        {busy ? t('notify.dialog.saving') : t('notify.dialog.save')}
      </button>
    </>
  )

  return (
    <Dialog open onClose={onClose} title={channel ? t('notify.dialog.editTitle') : t('notify.dialog.addTitle')} footer={footer} busy={busy} testId="notify-channel-dialog">
      <div className="form notify-form">
        {error && <div className="field-error" role="alert" data-testid="notify-channel-error">{localizeMessage(error.message, language)}</div>}
        <label className="field">
          <span className="field-label">{t('notify.dialog.kind')}</span>
          <select className="input select" value={kind} disabled={!!channel} data-testid="notify-channel-kind" onChange={(e) => setKind(e.target.value as typeof kind)}>
            {ADDABLE_KINDS.map((k) => <option key={k} value={k}>{t(`notify.kinds.${k}`)}</option>)}
          </select>
        </label>
        <TextField label={t('notify.dialog.name')} value={name} onChange={setName} testId="notify-channel-name" placeholder={t('notify.dialog.namePlaceholder')} />
        {NOTIFY_SECRET_FIELDS[kind].map((f) => {
          const configured = channel?.secrets[f] === true && !cleared.includes(f)
          return (
            <label className="field" key={f}>
              <span className="field-label-row">
                <span className="field-label">{t(`notify.fields.${f}`)}</span>
                <span className={`status-pill ${configured ? 'status-pill-ok' : ''}`} data-testid={`notify-secret-status-${f}`} data-configured={configured ? 'true' : 'false'}>
                  {configured ? t('notify.dialog.configured') : t('notify.dialog.notConfigured')}
                </span>
                {configured && <button type="button" className="link" onClick={() => setCleared((c) => [...c, f])}>{t('notify.dialog.clearSecret')}</button>}
              </span>
              <input className="input mono" type="password" autoComplete="off" spellCheck={false} value={secrets[f] ?? ''} data-testid={`notify-secret-${f}`}
                placeholder={configured ? t('notify.dialog.keepSecret') : ''} onChange={(e) => setSecrets((s) => ({ ...s, [f]: e.target.value }))} />
            </label>
          )
        })}
        {kind === 'email' && (
          <>
            <label className="field">
              <span className="field-label">{t('notify.dialog.preset')}</span>
              <select className="input select" data-testid="notify-smtp-preset" value={SMTP_PRESETS.find((p) => p.host === config.smtpHost)?.id ?? ''}
                onChange={(e) => { const p = SMTP_PRESETS.find((x) => x.id === e.target.value); if (p) set({ smtpHost: p.host, smtpPort: p.port, smtpSecurity: p.security }) }}>
                <option value="">{t('notify.dialog.presetNone')}</option>
                {SMTP_PRESETS.map((p) => <option key={p.id} value={p.id}>{language === 'en' ? p.name.en : p.name.zh}</option>)}
              </select>
            </label>
            <div className="form-grid">
              <label className="field">
                <span className="field-label">{t('notify.fields.smtpPort')}</span>
                <input className="input" type="number" min={1} max={65535} value={config.smtpPort ?? ''} data-testid="notify-smtp-port" onChange={(e) => set({ smtpPort: e.target.value ? Number(e.target.value) : undefined })} />
              </label>
              <label className="field">
                <span className="field-label">{t('notify.fields.smtpSecurity')}</span>
                <select className="input select" value={config.smtpSecurity ?? 'tls'} data-testid="notify-smtp-security" onChange={(e) => set({ smtpSecurity: e.target.value as 'tls' | 'starttls' | 'none' })}>
                  {(['tls', 'starttls', 'none'] as const).map((s) => <option key={s} value={s}>{t(`notify.security.${s}`)}</option>)}
                </select>
              </label>
            </div>
          </>
        )}
        {(CONFIG_FIELDS[kind] ?? []).map((f) => (
          <TextField key={f} label={t(`notify.fields.${f}`)} value={config[f] ?? ''} onChange={(v) => set({ [f]: v })} testId={`notify-config-${f}`} />
        ))}
        {kind !== 'email' && kind !== 'webhook' && (
          <TextField label={t('notify.dialog.baseUrl')} value={config.baseUrl ?? ''} onChange={(v) => set({ baseUrl: v })} testId="notify-config-baseUrl"
            placeholder={NOTIFY_DEFAULT_BASE[kind]} hint={t('notify.dialog.baseUrlHint', { url: NOTIFY_DEFAULT_BASE[kind] })} />
        )}
        {accounts.length > 1 && (
          <fieldset className="field notify-accounts" data-testid="notify-channel-accounts">
            <legend className="field-label">{t('notify.dialog.accounts')}</legend>
            <label className="chip-check">
              <input type="checkbox" checked={accountIds === null} onChange={(e) => setAccountIds(e.target.checked ? null : [])} />
              {t('notify.dialog.allAccounts')}
            </label>
            {accountIds !== null && accounts.map((a) => (
              <label key={a.id} className="chip-check">
                <input type="checkbox" checked={accountIds.includes(a.id)}
                  onChange={(e) => setAccountIds((ids) => (e.target.checked ? [...(ids ?? []), a.id] : (ids ?? []).filter((x) => x !== a.id)))} />
                {a.remark || a.nick || a.unb}
              </label>
            ))}
          </fieldset>
        )}
        <div className="toggle-row">
          <span className="toggle-row-label">{t('notify.dialog.enabled')}</span>
          <Switch checked={enabled} onChange={setEnabled} label={t('notify.dialog.enabled')} testId="notify-channel-enabled" />
        </div>
      </div>
    </Dialog>
  )
}
