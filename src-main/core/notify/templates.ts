import type { NotifyDelivery } from '@contract/notify'

export type NotifyVars = Readonly<Record<string, string | number | null | undefined>>

/** `{name}` → the variable; an unknown name is left as written, so a typo shows instead of vanishing. */
export function renderTemplate(template: string, vars: NotifyVars): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    if (!(name in vars)) return whole
    const v = vars[name]
    return v === null || v === undefined ? '' : String(v)
  }).replace(/[ \t]+$/gm, '').trim()
}

const DIGEST_LINES = 20

/**
 * One notice for everything a channel held back: the count, then each distinct title with how
 * often it came (50 messages from three chats are three lines, not fifty).
 */
export function digestText(held: ReadonlyArray<Pick<NotifyDelivery, 'title'>>, reason: 'quiet' | 'rate'): { title: string; body: string } {
  const counts = new Map<string, number>()
  for (const h of held) counts.set(h.title, (counts.get(h.title) ?? 0) + 1)
  const lines = [...counts].slice(0, DIGEST_LINES).map(([t, n]) => (n > 1 ? `· ${t} ×${n}` : `· ${t}`))
  if (counts.size > DIGEST_LINES) lines.push(`…还有 ${counts.size - DIGEST_LINES} 类`)
  const title = reason === 'quiet' ? `免打扰期间的 ${held.length} 条通知` : `${held.length} 条通知被合并发送`
  return { title, body: lines.join('\n') }
}

const minutes = (hhmm: string): number => {
  const [h = 0, m = 0] = hhmm.split(':').map(Number)
  return h * 60 + m
}

/**
 * When the quiet hours that contain `now` end (local time), or null outside them. A window may
 * cross midnight (23:00–08:00); start = end means no quiet hours.
 */
export function quietUntil(now: number, quiet: { enabled: boolean; start: string; end: string }): number | null {
  if (!quiet.enabled) return null
  const s = minutes(quiet.start)
  const e = minutes(quiet.end)
  if (s === e) return null
  const d = new Date(now)
  const m = d.getHours() * 60 + d.getMinutes()
  const inside = s < e ? m >= s && m < e : m >= s || m < e
  if (!inside) return null
  const end = new Date(now)
  end.setHours(Math.floor(e / 60), e % 60, 0, 0)
  if (end.getTime() <= now) end.setDate(end.getDate() + 1)
  return end.getTime()
}
