import type { JSX } from 'react'
import { useTranslation } from 'react-i18next'
import { effectiveTheme, selectThemePref } from '../features/settings/selectors'
import { useSettingsStore, type Language } from '../features/settings/store'
import { Icon } from '../lib/ui/Icon'
import { Segmented } from '../lib/ui/controls'
import { useLanguage } from '../lib/useLanguage'
import { LANGUAGES } from '../i18n'
import { useSystemDark } from './theme'

function LogoMark(): JSX.Element {
  return (
    <svg className="logo-mark" width="26" height="26" viewBox="0 0 32 32" aria-hidden="true">
      <rect width="32" height="32" rx="8" className="logo-bg" />
      <path d="M7 17c3.5-5.5 9.5-7 15-3.5l3.5-3v11l-3.5-3C16.5 22 10.5 22 7 17z" className="logo-fish" />
      <circle cx="11.5" cy="16" r="1.4" className="logo-eye" />
    </svg>
  )
}

export function TopBar(): JSX.Element {
  const { t } = useTranslation()
  const language = useLanguage()
  const pref = useSettingsStore(selectThemePref)
  const update = useSettingsStore((s) => s.update)
  const current = effectiveTheme(pref, useSystemDark())
  const next = current === 'dark' ? 'light' : 'dark'

  return (
    <header className="topbar">
      <div className="brand">
        <LogoMark />
        <span className="brand-name" data-testid="app-name">{t('app.name')}</span>
      </div>
      <div className="topbar-actions">
        <Segmented<Language>
          size="sm"
          label={t('topbar.language')}
          value={language}
          testId="topbar-language"
          options={LANGUAGES.map((l) => ({ value: l, label: t(`topbar.languageShort.${l}`), testId: `topbar-language-${l}` }))}
          onChange={(l) => void update({ language: l })}
        />
        <button
          type="button"
          className="icon-btn"
          data-testid="topbar-theme"
          aria-label={t(next === 'dark' ? 'topbar.toDark' : 'topbar.toLight')}
          title={t(next === 'dark' ? 'topbar.toDark' : 'topbar.toLight')}
          onClick={() => void update({ theme: next })}
        >
          <Icon name={current === 'dark' ? 'sun' : 'moon'} />
        </button>
      </div>
    </header>
  )
}
