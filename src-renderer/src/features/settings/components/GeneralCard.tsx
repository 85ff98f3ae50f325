import type { JSX } from 'react'
import type { GlobalSettings } from '@contract'
import { useTranslation } from 'react-i18next'
import { Switch } from '../../../lib/ui/controls'
import { selectGlobal } from '../selectors'
import { useSettingsStore } from '../store'
import { Row } from './Row'

type Flag = 'startAtLogin' | 'notifications' | 'sound' | 'pauseAllAi'
const FLAGS: ReadonlyArray<Flag> = ['pauseAllAi', 'notifications', 'sound', 'startAtLogin']

/** The on/off switches; each saves at once (and rolls back if main refuses). */
export function GeneralCard(): JSX.Element {
  const { t } = useTranslation()
  const global = useSettingsStore(selectGlobal)
  const update = useSettingsStore((s) => s.update)
  return (
    <section className="settings-card">
      <h2 className="settings-card-title">{t('settingsPage.general')}</h2>
      {FLAGS.map((f) => (
        <Row key={f} label={t(`settingsPage.${f}`)} hint={t(`settingsPage.${f}Hint`)} testId={`settings-row-${f}`}>
          <Switch
            checked={global?.[f] ?? false}
            disabled={!global}
            label={t(`settingsPage.${f}`)}
            testId={`settings-${f}`}
            onChange={(v) => void update({ [f]: v } as Partial<GlobalSettings>)}
          />
        </Row>
      ))}
    </section>
  )
}
