import type { Language, SettingsState, ThemePref } from './store'

/** What the UI shows before settings arrive: the contract defaults. */
export const FALLBACK_LANGUAGE: Language = 'zh-CN'
export const FALLBACK_THEME: ThemePref = 'light'

export const selectLanguage = (s: SettingsState): Language => s.global?.language ?? FALLBACK_LANGUAGE
export const selectThemePref = (s: SettingsState): ThemePref => s.global?.theme ?? FALLBACK_THEME
export const selectSaving = (s: SettingsState): boolean => s.saving
export const selectSaveError = (s: SettingsState) => s.saveError
export const selectSettingsStatus = (s: SettingsState) => s.status
export const selectLoadError = (s: SettingsState) => s.loadError
export const selectInfo = (s: SettingsState) => s.info

/** 'system' follows the OS; the caller passes what the OS prefers. */
export function effectiveTheme(pref: ThemePref, systemDark: boolean): 'light' | 'dark' {
  if (pref === 'system') return systemDark ? 'dark' : 'light'
  return pref
}
export const selectGlobal = (s: SettingsState) => s.global
export const selectData = (s: SettingsState) => s.data
