import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Intent } from '../../../src-main/core/reply/intent'

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8')

export interface LabelledMessage {
  readonly label: Intent
  readonly message: string
  /**
   * The fixture section: 'main', 'round 2' or 'holdout' (see the comments in intents.tsv); 'fresh holdout',
   * 'blind check' or 'final check' for intents-holdout.tsv.
   */
  readonly section: string
}

function parseIntents(name: string, firstSection: string, sectionOf: (comment: string) => string | null): LabelledMessage[] {
  const out: LabelledMessage[] = []
  let section = firstSection
  for (const line of fixture(name).split('\n')) {
    if (line.startsWith('#')) section = sectionOf(line) ?? section
    if (line.trim() === '' || line.startsWith('#')) continue
    const [label, message, extra] = line.split('\t')
    if ((label !== 'price' && label !== 'tech' && label !== 'default') || !message || extra !== undefined) throw new Error(`bad fixture line in ${name}: ${line}`)
    out.push({ label, message, section })
  }
  return out
}

export function loadIntents(): LabelledMessage[] {
  return parseIntents('intents.tsv', 'main', (c) => (c.startsWith('# round 2') ? 'round 2' : c.startsWith('# holdout') ? 'holdout' : null))
}

/**
 * The separate holdout set (intents-holdout.tsv), written after intents.tsv was tuned on: sections
 * 'fresh holdout' (measured, then used to find general patterns), 'blind check' (written before any
 * change, measured, then its misses fixed too) and 'final check' (written after all changes, never tuned on).
 */
export function loadIntentHoldout(): LabelledMessage[] {
  return parseIntents('intents-holdout.tsv', 'fresh holdout', (c) => (c.startsWith('# blind check') ? 'blind check' : c.startsWith('# final check') ? 'final check' : null))
}

export interface ReplyPriceCase {
  readonly listPrice: number
  readonly expected: readonly number[]
  readonly reply: string
}

export function loadReplyPrices(): ReplyPriceCase[] {
  return fixture('reply-prices.tsv').split('\n').filter((l) => l.trim() !== '' && !l.startsWith('#')).map((line) => {
    const [list, expected, reply] = line.split('\t')
    if (list === undefined || expected === undefined || reply === undefined) throw new Error(`bad fixture line: ${line}`)
    return { listPrice: Number(list), expected: expected === '' ? [] : expected.split(',').map(Number), reply }
  })
}

export interface OfferCase {
  readonly offer: boolean
  readonly listPrice: number
  readonly message: string
  /** 'tuned' (the rules were adjusted on it) or 'blind' (written afterwards, measured as is). */
  readonly section: 'tuned' | 'blind'
}

/** offers.tsv: label (offer | none), the chat's item price, the buyer message. */
export function loadOffers(): OfferCase[] {
  const out: OfferCase[] = []
  let section: OfferCase['section'] = 'tuned'
  for (const line of fixture('offers.tsv').split('\n')) {
    if (line.startsWith('# --- blind check')) section = 'blind'
    if (line.trim() === '' || line.startsWith('#')) continue
    const [label, price, message, extra] = line.split('\t')
    if ((label !== 'offer' && label !== 'none') || !price || !(Number(price) > 0) || !message || extra !== undefined) throw new Error(`bad fixture line in offers.tsv: ${line}`)
    out.push({ offer: label === 'offer', listPrice: Number(price), message, section })
  }
  return out
}
