import type { KeywordRule, MatchMode } from '@contract/rules'

/** Text is compared case-insensitively, full-width folded, whitespace collapsed. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
}

const MAX_INPUT = 2000
const regexCache = new Map<string, RegExp | null>()

/**
 * Compiles a seller's regex once. Patterns that are likely catastrophic (nested quantifiers)
 * are refused at save time by `validatePattern`; here a bad one simply never matches.
 */
function compiled(pattern: string): RegExp | null {
  let re = regexCache.get(pattern)
  if (re === undefined) {
    try {
      re = new RegExp(pattern, 'iu')
    } catch {
      re = null
    }
    if (regexCache.size > 2000) regexCache.clear()
    regexCache.set(pattern, re)
  }
  return re
}

/** Nested quantifiers like (a+)+ or (\w*)* can take exponential time: refuse them. */
export function validatePattern(pattern: string): string | null {
  try {
    new RegExp(pattern, 'iu')
  } catch (err) {
    return `正则表达式无效 / invalid regex: ${(err as Error).message}`
  }
  if (/\((?:[^()\\]|\\.)*[+*}](?:[^()\\]|\\.)*\)\s*[+*{]/.test(pattern)) {
    return '正则含嵌套重复（如 (a+)+），可能卡死，请简化 / nested quantifiers like (a+)+ can hang; simplify the pattern'
  }
  return null
}

export function matches(mode: MatchMode, keywords: ReadonlyArray<string>, text: string): boolean {
  const t = normalizeText(text.slice(0, MAX_INPUT))
  switch (mode) {
    case 'contains':
      return keywords.some((k) => t.includes(normalizeText(k)))
    case 'exact':
      return keywords.some((k) => t === normalizeText(k))
    case 'all':
      return keywords.every((k) => t.includes(normalizeText(k)))
    case 'regex':
      return keywords.some((k) => compiled(k)?.test(text.slice(0, MAX_INPUT)) ?? false)
  }
}

const SCOPE_RANK = { item: 0, account: 1, global: 2 } as const

/**
 * Rule precedence: item rules before account rules before global rules; within a scope, higher
 * priority first, then the older rule. Disabled rules and spent reply-once rules are skipped.
 */
export function selectRule(rules: ReadonlyArray<KeywordRule>, ctx: { accountId: string; itemId: string | null; text: string; alreadyHit: (ruleId: number) => boolean }): KeywordRule | null {
  const applicable = rules.filter((r) =>
    r.enabled &&
    (r.scope === 'global' || r.accountId === ctx.accountId) &&
    (r.scope !== 'item' || (ctx.itemId !== null && r.itemId === ctx.itemId)))
  applicable.sort((a, b) => SCOPE_RANK[a.scope] - SCOPE_RANK[b.scope] || b.priority - a.priority || a.id - b.id)
  for (const r of applicable) {
    if (r.replyOnce && ctx.alreadyHit(r.id)) continue
    if (matches(r.matchMode, r.keywords, ctx.text)) return r
  }
  return null
}
