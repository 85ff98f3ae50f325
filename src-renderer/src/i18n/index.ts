import i18next, { type i18n as I18n } from 'i18next'
import { initReactI18next } from 'react-i18next'
import type { Language } from '../features/settings/store'
import { en } from './en'
import { zhCN } from './zh-CN'

declare module 'i18next' {
  interface CustomTypeOptions {
    defaultNS: 'translation'
    resources: { translation: typeof zhCN }
  }
}

export const LANGUAGES: ReadonlyArray<Language> = ['zh-CN', 'en']

/** Synchronous init: resources are bundled, so the first render is already translated. */
export function initI18n(language: Language): I18n {
  void i18next.use(initReactI18next).init({
    resources: { 'zh-CN': { translation: zhCN }, en: { translation: en } },
    lng: language,
    fallbackLng: 'zh-CN',
    supportedLngs: [...LANGUAGES],
    interpolation: { escapeValue: false }, // React escapes
    returnNull: false,
    initAsync: false
  })
  return i18next
}

export function setLanguage(language: Language): void {
  if (i18next.language !== language) void i18next.changeLanguage(language)
  document.documentElement.lang = language
}
