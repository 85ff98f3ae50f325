import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { LANGUAGES } from '../../../i18n'
import { localizeMessage } from '../../../lib/messages'
import { Banner, PageHeader, Segmented } from '../../../lib/ui/controls'
import { useLanguage } from '../../../lib/useLanguage'
import { selectInfo, selectLoadError, selectSaveError, selectThemePref } from '../selectors'
import { useSettingsStore, type Language, type ThemePref } from '../store'
import { DataCard } from './DataCard'
import { GeneralCard } from './GeneralCard'
import { Row } from './Row'
import './settings.css'

const THEMES: ReadonlyArray<{ value: ThemePref; icon: 'sun' | 'moon' | 'settings' }> = [
  { value: 'light', icon: 'sun' },
  { value: 'dark', icon: 'moon' },
  { value: 'system', icon: 'settings' }
]

function About(): JSX.Element | null {
  const { t } = useTranslation()
  const language = useLanguage()
  const info = useSettingsStore(selectInfo)
  if (!info) return null
  return (
    <section className="settings-card" data-testid="settings-about">
      <h2 className="settings-card-title">{t('settings.about')}</h2>
      <dl className="about-list">
        <dt>{t('settings.version')}</dt>
        <dd className="mono">{info.version}</dd>
        <dt>{t('settings.host')}</dt>
        <dd>{t(`settings.hosts.${info.host}`)}</dd>
        <dt>{t('settings.secrets')}</dt>
        <dd>{t(`settings.secretsBackends.${info.secretsBackend}`)}</dd>
      </dl>
      {info.secretsReason && (
        <p className="field-error about-reason" role="note" data-testid="settings-secrets-reason">
          {localizeMessage(info.secretsReason, language)}
        </p>
      )}
    </section>
  )
}

export function SettingsPage(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const theme = useSettingsStore(selectThemePref)
  const saveError = useSettingsStore(selectSaveError)
  const loadError = useSettingsStore(selectLoadError)
  const update = useSettingsStore((s) => s.update)
  const clearSaveError = useSettingsStore((s) => s.clearSaveError)
  const load = useSettingsStore((s) => s.load)

  return (
    <div className="page">
      <PageHeader title={t('settings.title')} subtitle={t('settings.subtitle')} />
      <div className="page-body settings-body">
        {loadError && (
          <Banner tone="error" title={t('settings.loadFailed')} testId="settings-load-error" action={<button type="button" className="btn btn-sm" onClick={() => void load()}>{t('common.retry')}</button>}>
            {localizeMessage(loadError.message, language)}
          </Banner>
        )}
        {saveError && (
          <Banner tone="error" title={t('settings.saveFailed')} onDismiss={clearSaveError} dismissLabel={t('common.dismiss')} testId="settings-save-error">
            {localizeMessage(saveError.message, language)}
          </Banner>
        )}
        <section className="settings-card">
          <h2 className="settings-card-title">{t('settings.appearance')}</h2>
          <Row label={t('settings.language')} hint={t('settings.languageHint')}>
            <Segmented<Language>
              label={t('settings.language')}
              value={language}
              testId="settings-language"
              options={LANGUAGES.map((l) => ({ value: l, label: t(`settings.languages.${l}`), testId: `settings-language-${l}` }))}
              onChange={(l) => void update({ language: l })}
            />
          </Row>
          <Row label={t('settings.theme')} hint={t('settings.themeHint')}>
            <Segmented<ThemePref>
              label={t('settings.theme')}
              value={theme}
              testId="settings-theme"
              options={THEMES.map((o) => ({ value: o.value, icon: o.icon, label: t(`settings.themes.${o.value}`), testId: `settings-theme-${o.value}` }))}
              onChange={(v) => void update({ theme: v })}
            />
          </Row>
        </section>
        <GeneralCard />
        <DataCard />
        <About />
      </div>
    </div>
  )
}
