import { useCallback, useState } from 'react'

const KEY = 'xianyu-desk.quickPhrases'
const MAX = 30

/** The seller's quick phrases from localStorage; null when never edited (the language's defaults apply). */
export function readPhrases(storage: Pick<Storage, 'getItem'> | null): string[] | null {
  try {
    const raw: unknown = JSON.parse(storage?.getItem(KEY) ?? 'null')
    return Array.isArray(raw) ? raw.filter((x): x is string => typeof x === 'string' && x.trim() !== '').slice(0, MAX) : null
  } catch {
    return null
  }
}

export function writePhrases(storage: Pick<Storage, 'setItem'> | null, phrases: ReadonlyArray<string>): void {
  try {
    storage?.setItem(KEY, JSON.stringify(phrases.slice(0, MAX)))
  } catch {
    // best effort: the phrases still work for this session
  }
}

/** Adds a phrase at the front, without duplicates. */
export function addPhrase(list: ReadonlyArray<string>, text: string): string[] {
  const p = text.trim()
  if (!p) return [...list]
  return [p, ...list.filter((x) => x !== p)].slice(0, MAX)
}

const storage = (): Storage | null => (typeof window === 'undefined' ? null : window.localStorage)

export function useQuickPhrases(defaults: ReadonlyArray<string>): { phrases: ReadonlyArray<string>; add: (text: string) => void; remove: (text: string) => void } {
  const [saved, setSaved] = useState<string[] | null>(() => readPhrases(storage()))
  const phrases = saved ?? defaults
  const save = useCallback((next: string[]) => {
    setSaved(next)
    writePhrases(storage(), next)
  }, [])
  return {
    phrases,
    add: (text) => save(addPhrase(phrases, text)),
    remove: (text) => save(phrases.filter((x) => x !== text))
  }
}
