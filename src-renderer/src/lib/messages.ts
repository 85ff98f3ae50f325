import type { Language } from '../features/settings/store'

const CJK = /[\u3400-\u9fff\uff00-\uffef]/

/**
 * Core writes user-facing errors as "中文 / English". Show the half in the UI's language;
 * a message without that shape is shown whole.
 */
export function localizeMessage(message: string, language: Language): string {
  const at = message.indexOf(' / ')
  if (at <= 0) return message
  const zh = message.slice(0, at).trim()
  const en = message.slice(at + 3).trim()
  if (!zh || !en || !CJK.test(zh)) return message
  return language === 'en' ? en : zh
}
