/**
 * npm run reply -- --settings S.json --item I.json --history H.json --message "text"
 * Prints the decision the live pipeline would take for this buyer message, as JSON:
 * {source, intent, reply, allowedPrice, floorPrice, round, checks, ...}. Nothing is sent.
 */
import { readFileSync } from 'node:fs'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { z } from 'zod'
import { AccountSettings, DEFAULT_ACCOUNT_SETTINGS } from '../src-main/contract/schemas'
import { HistoryEntry, type Decision } from '../src-main/contract/reply'
import { NewKeywordRule, type KeywordRule } from '../src-main/contract/rules'
import { createLlmClient } from '../src-main/core/ai'
import { decide, roundOf } from '../src-main/core/pipeline/decide'
import { answerFromRules } from '../src-main/core/rules/ruleService'

const Settings = AccountSettings.partial().extend({
  apiKey: z.string().optional(),
  floorPrice: z.number().nonnegative().nullable().optional(),
  keywordRules: z.array(z.unknown()).optional(),
  timeoutMs: z.number().int().positive().optional()
})
const Item = z.object({
  title: z.string().default(''),
  price: z.number().nonnegative().nullable().default(null),
  description: z.string().default(''),
  floorPrice: z.number().nonnegative().nullable().optional(),
  skus: z.array(z.object({ name: z.string(), price: z.number().nullable().default(null), stock: z.number().int().nullable().default(null) })).default([])
})

function readJson<T>(file: string | undefined, schema: z.ZodType<T>, what: string): T {
  if (!file) return schema.parse(what === 'history' ? [] : {})
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (err) {
    throw new Error(`${what}: cannot read ${file}: ${(err as Error).message}`, { cause: err })
  }
  const r = schema.safeParse(raw)
  if (!r.success) throw new Error(`${what}: ${r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')}`)
  return r.data
}

/** Accepts full rules, or the short form {keywords, reply|replies, matchMode?, priority?}. */
function toRules(list: ReadonlyArray<unknown>): KeywordRule[] {
  return list.map((raw, i) => {
    const r = (raw ?? {}) as Record<string, unknown>
    const replies = Array.isArray(r.replies) ? r.replies : typeof r.reply === 'string' ? [{ kind: 'text', text: r.reply }] : []
    const rule = NewKeywordRule.parse({
      scope: 'global', accountId: null, itemId: null, matchMode: 'contains', priority: 0, enabled: true, replyOnce: false,
      ...r, replies, keywords: Array.isArray(r.keywords) ? r.keywords : typeof r.keyword === 'string' ? [r.keyword] : r.keywords
    })
    return { ...rule, scope: 'global', accountId: null, itemId: null, id: i + 1, createdAt: 0, updatedAt: 0 }
  })
}

/** What `npm run reply` decides for parsed inputs: the live pipeline's decide(), its round count and its checks. */
export async function replyDecision(input: { settings: z.input<typeof Settings>; item?: z.input<typeof Item>; history?: HistoryEntry[]; message: string }): Promise<Decision> {
  const s = Settings.parse(input.settings)
  const item = Item.parse(input.item ?? {})
  const history = input.history ?? []
  const { apiKey, floorPrice, keywordRules, timeoutMs, ...rest } = s
  const settings = AccountSettings.parse({ ...DEFAULT_ACCOUNT_SETTINGS, aiEnabled: true, ...rest })
  const rules = toRules(keywordRules ?? [])
  // the live pipeline's round: bargaining buyer messages in the history plus this one (offers read against the item's price)
  const round = roundOf(history, input.message, item.price)
  const keyless = /^https?:\/\/(127\.0\.0\.1|localhost|\[::1\])/.test(settings.baseUrl)
  const llm = settings.aiEnabled && (apiKey || keyless) ? createLlmClient({ provider: settings.provider, baseUrl: settings.baseUrl, model: settings.model, apiKey: apiKey ?? '', timeoutMs }) : null
  const vars = { buyer: '买家', item_title: item.title, price: item.price?.toString() ?? '' }
  const out = await decide({
    settings, item: { ...item, floorPrice: floorPrice ?? item.floorPrice ?? null }, history, burst: [input.message], round, llm,
    llmUnavailable: settings.aiEnabled ? 'no apiKey in the settings file' : 'aiEnabled is false',
    rules: (text) => answerFromRules(rules, { accountId: 'cli', itemId: null, text, vars, defaultReply: settings.defaultReply, alreadyHit: () => false })
  })
  return out.decision
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { settings: { type: 'string' }, item: { type: 'string' }, history: { type: 'string' }, message: { type: 'string' } } })
  if (!values.message?.trim()) throw new Error('--message "buyer text" is required')
  const settings = readJson(values.settings, Settings, 'settings')
  const item = readJson(values.item, Item, 'item')
  const history = readJson(values.history, z.array(HistoryEntry), 'history')
  const decision = await replyDecision({ settings, item, history, message: values.message })
  process.stdout.write(JSON.stringify(decision, null, 2) + '\n')
}

// run as a script (npm run reply), not when a test imports replyDecision
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    process.stderr.write(JSON.stringify({ error: err instanceof Error ? err.message : String(err) }) + '\n')
    process.exit(2)
  })
}
