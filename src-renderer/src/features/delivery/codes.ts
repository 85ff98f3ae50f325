/**
 * Codes (卡密) as the renderer shows them: never in clear. Core masks codes in every list and
 * trace; these helpers mask what the seller pastes before import (the preview) and anything that
 * reaches the screen unmasked by mistake.
 */

/** "ABCD-1234-XYZ9" → "AB**********Z9": the ends stay so the seller can tell codes apart. */
export function maskCode(code: string): string {
  const c = code.trim()
  const n = [...c].length
  const chars = [...c]
  if (n === 0) return ''
  if (n <= 4) return '*'.repeat(n)
  const keep = n >= 8 ? 2 : 1
  return chars.slice(0, keep).join('') + '*'.repeat(Math.min(n - 2 * keep, 10)) + chars.slice(n - keep).join('')
}

/** A code as shown: left alone when core masked it already (has a run of * or an ellipsis), else masked here. */
export function displayCode(code: string): string {
  return /\*{2,}|…/.test(code) ? code : maskCode(code)
}

/** One CSV row into cells: quoted cells may hold commas and doubled quotes ("a ""b"""). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = []
  let cell = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cell += '"'
        i++
      } else if (ch === '"') quoted = false
      else cell += ch
    } else if (ch === '"' && cell.trim() === '') {
      quoted = true
      cell = ''
    } else if (ch === ',') {
      out.push(cell.trim())
      cell = ''
    } else cell += ch
  }
  out.push(cell.trim())
  return out
}

const lines = (text: string): string[] => text.replace(/^\uFEFF/, '').split(/\r?\n/)

/**
 * The columns a CSV offers, with the first row's cell of each so the seller can pick: short cells
 * (headers such as 卡密 / code / 序号) as they are, longer ones masked like codes.
 */
export function csvColumns(text: string): ReadonlyArray<{ index: number; sample: string }> {
  const first = lines(text).find((l) => l.trim() !== '')
  if (first === undefined) return []
  return splitCsvLine(first).map((cell, index) => ({ index, sample: [...cell].length > 6 ? maskCode(cell) : cell }))
}

export type ImportFormat = 'lines' | 'csv'

/** Header words core leaves out of a CSV's first row (the same list as core's import). */
export const CSV_HEADER = /^(卡号|卡密|密码|密钥|激活码|兑换码|券码|账号|帐号|code|codes|key|password|card|cdkey|serial)$/i

export interface ImportPreview {
  /** Non-blank values found (duplicates included: core counts and refuses those). */
  readonly count: number
  readonly blank: number
  /** The first few, masked. */
  readonly sample: ReadonlyArray<string>
}

/** What an import would read, as core reads it: one per line, or the chosen CSV column; blank lines counted apart. */
export function previewImport(text: string, format: ImportFormat, column = 0, sampleSize = 3): ImportPreview {
  let count = 0
  let blank = 0
  const sample: string[] = []
  const all = lines(text)
  // a trailing newline is not a blank line
  if (all.length > 0 && all[all.length - 1] === '') all.pop()
  for (const [i, line] of all.entries()) {
    const value = format === 'csv' ? (splitCsvLine(line)[column] ?? '') : line.trim()
    // like core: a CSV's header row is counted with the blank lines
    if (!value || (format === 'csv' && i === 0 && CSV_HEADER.test(value))) {
      blank++
      continue
    }
    count++
    if (sample.length < sampleSize) sample.push(maskCode(value))
  }
  return { count, blank, sample }
}

/** The text without its first non-blank line (a CSV header the seller marked as such). */
export function dropHeader(text: string): string {
  const all = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  const at = all.findIndex((l) => l.trim() !== '')
  return at < 0 ? text : all.slice(at + 1).join('\n')
}

/** The format a file's name suggests. */
export const formatOfFile = (name: string): ImportFormat => (/\.csv$/i.test(name) ? 'csv' : 'lines')

/** `xianyu-desk-codes-月卡-available-2025-01-31.txt` */
export function exportFileName(poolName: string, state: 'available' | 'used' | 'all', now = new Date()): string {
  const pad = (n: number): string => String(n).padStart(2, '0')
  const safe = poolName.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 40) || 'pool'
  return `xianyu-desk-codes-${safe}-${state}-${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}.txt`
}
