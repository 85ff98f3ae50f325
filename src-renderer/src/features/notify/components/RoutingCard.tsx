import { useState, type JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { NOTIFY_VARIABLES, NotifyEventKind, type NotifyChannel } from '@contract'
import { Switch } from '../../../lib/ui/controls'
import { useNotifyStore } from '../store'

const EVENTS = NotifyEventKind.options

/** Quiet hours, the rate limit, and per event: on/off, channels, urgent, template. */
export function RoutingCard({ channels }: { channels: ReadonlyArray<NotifyChannel> }): JSX.Element | null {
  const { t } = useTranslation()
  const draft = useNotifyStore((s) => s.draft)
  const saved = useNotifyStore((s) => s.routing)
  const edit = useNotifyStore((s) => s.editRouting)
  const saveRouting = useNotifyStore((s) => s.saveRouting)
  const busy = useNotifyStore((s) => s.busy)
  const [justSaved, setJustSaved] = useState(false)
  if (!draft) return null
  const dirty = JSON.stringify(draft) !== JSON.stringify(saved)
  const name = (c: NotifyChannel): string => (c.id === 'desktop' ? t('notify.kinds.desktop') : c.name)

  return (
    <section className="settings-card" data-testid="notify-routing">
      <h2 className="settings-card-title">{t('notify.routing')}</h2>
      <p className="card-lead">{t('notify.routingHint')}</p>
      <div className="notify-inline">
        <Switch checked={draft.quietHours.enabled} label={t('notify.quietHours')} testId="notify-quiet-enabled" onChange={(v) => edit((d) => ({ ...d, quietHours: { ...d.quietHours, enabled: v } }))} />
        <strong>{t('notify.quietHours')}</strong>
        <span>{t('notify.from')}</span>
        <input className="input input-time" type="time" value={draft.quietHours.start} data-testid="notify-quiet-start" onChange={(e) => edit((d) => ({ ...d, quietHours: { ...d.quietHours, start: e.target.value || d.quietHours.start } }))} />
        <span>{t('notify.to')}</span>
        <input className="input input-time" type="time" value={draft.quietHours.end} data-testid="notify-quiet-end" onChange={(e) => edit((d) => ({ ...d, quietHours: { ...d.quietHours, end: e.target.value || d.quietHours.end } }))} />
        <span className="field-hint">{t('notify.quietHoursHint')}</span>
      </div>
      <div className="notify-inline">
        <strong>{t('notify.rateLimit')}</strong>
        <input className="input input-num" type="number" min={1} max={1000} value={draft.rateLimit.max} data-testid="notify-rate-max" onChange={(e) => edit((d) => ({ ...d, rateLimit: { ...d.rateLimit, max: Math.max(1, Number(e.target.value) || 1) } }))} />
        <span>{t('notify.rateMax')} /</span>
        <input className="input input-num" type="number" min={1} max={1440} value={draft.rateLimit.windowMinutes} data-testid="notify-rate-window" onChange={(e) => edit((d) => ({ ...d, rateLimit: { ...d.rateLimit, windowMinutes: Math.max(1, Number(e.target.value) || 1) } }))} />
        <span>{t('notify.rateWindow')}</span>
        <strong className="notify-gap">{t('notify.offlineMinutes')}</strong>
        <input className="input input-num" type="number" min={1} max={1440} value={draft.offlineMinutes} data-testid="notify-offline-minutes" onChange={(e) => edit((d) => ({ ...d, offlineMinutes: Math.max(1, Number(e.target.value) || 1) }))} />
        <span>{t('notify.rateWindow')}</span>
      </div>
      <div className="notify-inline">
        <strong>{t('notify.dailySummaryAt')}</strong>
        <input className="input input-time" type="time" value={draft.dailySummaryAt} data-testid="notify-daily-at" onChange={(e) => edit((d) => ({ ...d, dailySummaryAt: e.target.value || d.dailySummaryAt }))} />
      </div>
      <table className="notify-table notify-routes">
        <tbody>
          {EVENTS.map((ev) => {
            const r = draft.events[ev]
            return (
              <tr key={ev} data-testid="notify-route" data-event={ev}>
                <td><Switch checked={r.enabled} label={t(`notify.events.${ev}`)} testId={`notify-route-enabled-${ev}`} onChange={(v) => edit((d) => { d.events[ev].enabled = v; return d })} /></td>
                <td className="notify-event-name">
                  {t(`notify.events.${ev}`)}
                  <details className="notify-template">
                    <summary>{t('notify.template')}</summary>
                    <input className="input" value={r.title} aria-label={t('notify.templateTitle')} data-testid={`notify-template-title-${ev}`} onChange={(e) => edit((d) => { d.events[ev].title = e.target.value; return d })} />
                    <textarea className="textarea textarea-sm" value={r.body} aria-label={t('notify.templateBody')} rows={2} onChange={(e) => edit((d) => { d.events[ev].body = e.target.value; return d })} />
                    <span className="field-hint">{t('notify.variables', { vars: NOTIFY_VARIABLES[ev].map((v) => `{${v}}`).join(' ') })}</span>
                  </details>
                </td>
                <td>
                  <div className="notify-route-channels">
                  {channels.map((c) => (
                    <label key={c.id} className="chip-check">
                      <input type="checkbox" checked={r.channelIds.includes(c.id)} data-testid={`notify-route-${ev}-${c.id}`}
                        onChange={(e) => edit((d) => { d.events[ev].channelIds = e.target.checked ? [...d.events[ev].channelIds, c.id] : d.events[ev].channelIds.filter((x) => x !== c.id); return d })} />
                      {name(c)}
                    </label>
                  ))}
                  </div>
                </td>
                <td>
                  <label className="chip-check chip-urgent">
                    <input type="checkbox" checked={r.urgent} data-testid={`notify-route-urgent-${ev}`} onChange={(e) => edit((d) => { d.events[ev].urgent = e.target.checked; return d })} />
                    {t('notify.urgent')}
                  </label>
                </td>
              </tr>
            )
          })}
        </tbody>
      </table>
      <div className="form-footer">
        {justSaved && !dirty && <span className="ok-text" data-testid="notify-routing-saved">{t('notify.saved')}</span>}
        <button type="button" className="btn btn-primary" disabled={!dirty || busy} data-testid="notify-routing-save"
          onClick={() => void saveRouting().then((ok) => setJustSaved(ok))}>{t('notify.saveRouting')}</button>
      </div>
    </section>
  )
}
