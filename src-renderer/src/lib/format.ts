import type { Language } from '../features/settings/store'

const DAY = 24 * 60 * 60 * 1000

function startOfDay(ts: number): number {
  const d = new Date(ts)
  d.setHours(0, 0, 0, 0)
  return d.getTime()
}

/**
 * Messenger-style time: "14:32" today, "昨天 14:32" / "Yesterday 14:32", a weekday within the week,
 * else the date (with the year only when it differs).
 */
export function formatMessageTime(ts: number, now: number, language: Language): string {
  const time = new Intl.DateTimeFormat(language, { hour: '2-digit', minute: '2-digit', hour12: false }).format(ts)
  const days = Math.round((startOfDay(now) - startOfDay(ts)) / DAY)
  if (days <= 0) return time
  if (days === 1) return `${language === 'en' ? 'Yesterday' : '昨天'} ${time}`
  if (days < 7) return new Intl.DateTimeFormat(language, { weekday: 'short' }).format(ts)
  const sameYear = new Date(ts).getFullYear() === new Date(now).getFullYear()
  return new Intl.DateTimeFormat(language, sameYear ? { month: 'numeric', day: 'numeric' } : { year: 'numeric', month: 'numeric', day: 'numeric' }).format(ts)
}

/** The full timestamp for a tooltip. */
export function formatFullTime(ts: number, language: Language): string {
  return new Intl.DateTimeFormat(language, { dateStyle: 'medium', timeStyle: 'short', hour12: false }).format(ts)
}
