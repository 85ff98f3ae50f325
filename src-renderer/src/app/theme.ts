import { useSyncExternalStore } from 'react'
import type { Language, ThemePref } from '../features/settings/store'
import { effectiveTheme } from '../features/settings/selectors'

const HINT_KEY = 'xianyu-desk.ui'

/** Language and theme remembered in localStorage, only to paint the first frame right before settings.get answers. */
export interface UiHint {
  readonly language: Language
  readonly theme: ThemePref
}

export function readHint(): UiHint {
  try {
    const raw = JSON.parse(window.localStorage.getItem(HINT_KEY) ?? 'null') as Partial<UiHint> | null
    return {
      language: raw?.language === 'en' ? 'en' : 'zh-CN',
      theme: raw?.theme === 'dark' || raw?.theme === 'system' ? raw.theme : 'light'
    }
  } catch {
    return { language: 'zh-CN', theme: 'light' }
  }
}

export function writeHint(hint: UiHint): void {
  try {
    window.localStorage.setItem(HINT_KEY, JSON.stringify(hint))
  } catch {
    // best effort: without storage the first frame just uses the defaults
  }
}

const darkQuery = (): MediaQueryList => window.matchMedia('(prefers-color-scheme: dark)')

export function applyTheme(pref: ThemePref): void {
  const theme = effectiveTheme(pref, darkQuery().matches)
  const root = document.documentElement
  root.dataset.theme = theme
  root.style.colorScheme = theme
}

/** Re-applies a 'system' preference when the OS switches; returns the unsubscribe. */
export function watchSystemTheme(current: () => ThemePref): () => void {
  const q = darkQuery()
  const onChange = (): void => {
    if (current() === 'system') applyTheme('system')
  }
  q.addEventListener('change', onChange)
  return () => q.removeEventListener('change', onChange)
}

function subscribeSystemDark(onChange: () => void): () => void {
  const q = darkQuery()
  q.addEventListener('change', onChange)
  return () => q.removeEventListener('change', onChange)
}

/** Whether the OS prefers dark, live. */
export function useSystemDark(): boolean {
  return useSyncExternalStore(subscribeSystemDark, () => darkQuery().matches, () => false)
}
