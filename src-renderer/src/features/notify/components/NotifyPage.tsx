import { useEffect, useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import type { NotifyChannel } from '@contract'
import { formatFullTime } from '../../../lib/format'
import { localizeMessage } from '../../../lib/messages'
import { Banner, PageHeader } from '../../../lib/ui/controls'
import { Icon } from '../../../lib/ui/Icon'
import { useLanguage } from '../../../lib/useLanguage'
import { useNotifyStore } from '../store'
import { ChannelDialog } from './ChannelDialog'
import { RoutingCard } from './RoutingCard'
import '../../settings/components/settings.css'
import '../../ai/components/form.css'
import './notify.css'

function ChannelRow({ channel, onEdit }: { channel: NotifyChannel; onEdit: () => void }): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const test = useNotifyStore((s) => s.tests[channel.id])
  const runTest = useNotifyStore((s) => s.test)
  const remove = useNotifyStore((s) => s.removeChannel)
  const builtin = channel.id === 'desktop'
  const secrets = Object.entries(channel.secrets)
  return (
    <li className="notify-channel" data-testid="notify-channel" data-channel-id={channel.id} data-kind={channel.kind}>
      <div className="notify-channel-text">
        <strong>{builtin ? t('notify.kinds.desktop') : channel.name}</strong>
        <span className="notify-channel-kind">{t(`notify.kinds.${channel.kind}`)}{builtin && ` · ${t('notify.builtin')}`}{!channel.enabled && ` · ${t('notify.disabled')}`}</span>
        {secrets.length > 0 && (
          <span className="notify-channel-secrets">
            {secrets.map(([f, ok]) => (
              <span key={f} className={`status-pill ${ok ? 'status-pill-ok' : ''}`} data-testid="notify-channel-secret" data-field={f} data-configured={ok ? 'true' : 'false'}>
                {t(`notify.fields.${f}` as 'notify.fields.token')}: {ok ? t('notify.dialog.configured') : t('notify.dialog.notConfigured')}
              </span>
            ))}
          </span>
        )}
        {test && test.status !== 'running' && (
          <span className={test.status === 'ok' ? 'ok-text' : 'field-error'} data-testid="notify-test-result" data-status={test.status}>
            {test.status === 'ok' ? t('notify.testOk') : t('notify.testFailed', { error: localizeMessage(test.error ?? '', language) })}
          </span>
        )}
      </div>
      <div className="notify-channel-actions">
        <button type="button" className="btn btn-sm" disabled={test?.status === 'running'} onClick={() => void runTest(channel.id)} data-testid="notify-test">
          {test?.status === 'running' ? <span className="spinner" aria-hidden="true" /> : <Icon name="send" size={14} />}
          {t('notify.test')}
        </button>
        {!builtin && <button type="button" className="btn btn-sm btn-ghost" onClick={onEdit} data-testid="notify-edit">{t('notify.edit')}</button>}
        {!builtin && (
          <button type="button" className="icon-btn icon-btn-sm icon-btn-danger" aria-label={t('notify.remove')} data-testid="notify-remove"
            onClick={() => { if (window.confirm(t('notify.removeConfirm', { name: channel.name }))) void remove(channel.id) }}>
            <Icon name="trash" size={14} />
          </button>
        )}
      </div>
    </li>
  )
}

function DeliveryLog(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const deliveries = useNotifyStore((s) => s.deliveries)
  return (
    <section className="settings-card" data-testid="notify-log">
      <h2 className="settings-card-title">{t('notify.log')}</h2>
      <p className="card-lead">{t('notify.logHint')}</p>
      {deliveries.length === 0 ? <p className="field-hint">{t('notify.logEmpty')}</p> : (
        <table className="notify-table">
          <thead>
            <tr>{(['time', 'channel', 'event', 'title', 'status'] as const).map((c) => <th key={c}>{t(`notify.logColumns.${c}`)}</th>)}</tr>
          </thead>
          <tbody>
            {deliveries.map((d) => (
              <tr key={d.id} data-testid="notify-delivery" data-status={d.status} data-event={d.event}>
                <td className="mono nowrap">{formatFullTime(d.createdAt, language)}</td>
                <td>{d.channelId === 'desktop' ? t('notify.kinds.desktop') : d.channelName}</td>
                <td>{d.event === 'digest' || d.event === 'test' ? t(`notify.eventNames.${d.event}`) : t(`notify.events.${d.event}`)}</td>
                <td className="notify-log-title">
                  <span>{d.title}</span>
                  {d.status === 'failed' && d.error && <span className="field-error" data-testid="notify-delivery-error">{localizeMessage(d.error, language)}</span>}
                </td>
                <td className="nowrap">
                  <span className={`notify-status notify-status-${d.status}`}>{t(`notify.statuses.${d.status}`)}</span>
                  {d.attempts > 1 && <span className="field-hint"> · {t('notify.attempts', { count: d.attempts })}</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  )
}

export function NotifyPage(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const load = useNotifyStore((s) => s.load)
  const status = useNotifyStore((s) => s.status)
  const loadError = useNotifyStore((s) => s.loadError)
  const channels = useNotifyStore((s) => s.channels)
  const clearError = useNotifyStore((s) => s.clearError)
  const [editing, setEditing] = useState<NotifyChannel | 'new' | null>(null)
  useEffect(() => { void load() }, [load])
  const open = (c: NotifyChannel | 'new'): void => { clearError(); setEditing(c) }

  return (
    <div className="page">
      <PageHeader title={t('notify.title')} subtitle={t('notify.subtitle')}
        actions={<button type="button" className="btn btn-primary" onClick={() => open('new')} data-testid="notify-add"><Icon name="plus" size={16} />{t('notify.add')}</button>} />
      <div className="page-body settings-body">
        {loadError && <Banner tone="error" title={t('notify.loadFailed')} testId="notify-load-error">{localizeMessage(loadError.message, language)}</Banner>}
        {status === 'ready' && (
          <>
            <section className="settings-card" data-testid="notify-channels">
              <h2 className="settings-card-title">{t('notify.channels')}</h2>
              <p className="card-lead">{t('notify.channelsHint')}</p>
              <ul className="notify-channels">
                {channels.map((c) => <ChannelRow key={c.id} channel={c} onEdit={() => open(c)} />)}
              </ul>
            </section>
            <RoutingCard channels={channels} />
            <DeliveryLog />
          </>
        )}
      </div>
      {editing && <ChannelDialog channel={editing === 'new' ? null : editing} onClose={() => setEditing(null)} />}
    </div>
  )
}
