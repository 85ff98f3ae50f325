import { useTranslation } from 'react-i18next'
import type { Language } from '../features/settings/store'

/** The language the UI is rendered in right now (it can lead the saved setting during a switch). */
export function useLanguage(): Language {
  const { i18n } = useTranslation()
  return i18n.language === 'en' ? 'en' : 'zh-CN'
}
