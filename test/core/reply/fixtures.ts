import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type { Intent } from '../../../src-main/core/reply/intent'

const fixture = (name: string): string => readFileSync(fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url)), 'utf8')

export interface LabelledMessage {
  readonly label: Intent
  readonly message: string
  /** The fixture section: 'main', 'round 2' or 'holdout' (see the comments in intents.tsv). */
  readonly section: string
}

export function loadIntents(): LabelledMessage[] {
  const out: LabelledMessage[] = []
  let section = 'main'
  for (const line of fixture('intents.tsv').split('\n')) {
    if (line.startsWith('# round 2')) section = 'round 2'
    if (line.startsWith('# holdout')) section = 'holdout'
    if (line.trim() === '' || line.startsWith('#')) continue
    const [label, message] = line.split('\t')
    if ((label !== 'price' && label !== 'tech' && label !== 'default') || message === undefined) throw new Error(`bad fixture line: ${line}`)
    out.push({ label, message, section })
  }
  return out
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
