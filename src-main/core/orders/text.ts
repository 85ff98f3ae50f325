/**
 * Codes (卡密) and delivery texts: masking, the variables of a delivery text, and reading an import.
 * A code never leaves core in clear except through export and the delivery send itself.
 */

/** "AB******9Z": the first 2 and last 2 characters of a long code, fewer of a short one. */
export function maskCode(code: string): string {
  const c = [...code]
  if (c.length <= 4) return '*'.repeat(Math.max(c.length, 2))
  if (c.length <= 7) return `${c[0]}${'*'.repeat(c.length - 2)}${c[c.length - 1]}`
  return `${c.slice(0, 2).join('')}******${c.slice(-2).join('')}`
}

export interface TextVars {
  readonly order_id: string
  readonly buyer: string
  readonly item_title: string
  readonly quantity: string
  readonly spec: string
}

const VAR = /\{([a-z_]+)\}/g

/** The variables a text names that are not delivery variables. */
export function unknownVariables(text: string, known: ReadonlyArray<string>): string[] {
  return [...text.matchAll(VAR)].map((m) => m[1] as string).filter((v) => !known.includes(v))
}

/**
 * Fills a delivery text. `code` is what `{code}` becomes: the clear code (the send) or the masked
 * one (what the chat and the lists keep). `escape` encodes every value for the template's own
 * syntax (a JSON body: a buyer's nick with a quote cannot break the seller's request).
 */
export function renderText(template: string, vars: TextVars, code: string, escape: (v: string) => string = (v) => v): string {
  return template.replace(VAR, (whole, name: string) => {
    if (name === 'code') return escape(code)
    const v = (vars as unknown as Record<string, string | undefined>)[name]
    return v === undefined ? whole : escape(v)
  })
}

export const CODE_MAX = 500

export interface ParsedImport {
  readonly codes: string[]
  readonly duplicates: number
  readonly blank: number
  readonly tooLong: number
}

const CSV_HEADER = /^(卡号|卡密|密码|密钥|激活码|兑换码|券码|账号|帐号|code|codes|key|password|card|cdkey|serial)$/i

/** One CSV line into fields (quotes with "" escapes; comma or tab separated). */
function csvFields(line: string): string[] {
  const out: string[] = []
  let cur = ''
  let quoted = false
  for (let i = 0; i < line.length; i++) {
    const ch = line[i] as string
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') { cur += '"'; i++ }
      else if (ch === '"') quoted = false
      else cur += ch
    } else if (ch === '"' && cur === '') quoted = true
    else if (ch === ',' || ch === '\t') { out.push(cur); cur = '' }
    else cur += ch
  }
  out.push(cur)
  return out
}

/** Lines (or a CSV column) into distinct codes, counting blanks, over-long values and repeats within the text. */
export function parseImport(text: string, format: 'lines' | 'csv', column: number): ParsedImport {
  const seen = new Set<string>()
  const codes: string[] = []
  let duplicates = 0
  let blank = 0
  let tooLong = 0
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/)
  // a trailing newline is not a blank code
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop()
  for (const [i, line] of lines.entries()) {
    const raw = format === 'csv' ? (csvFields(line)[column] ?? '') : line
    const code = raw.trim()
    // a CSV's header row is not a code (counted with the blank lines)
    if (code === '' || (format === 'csv' && i === 0 && CSV_HEADER.test(code))) { blank++; continue }
    if (code.length > CODE_MAX) { tooLong++; continue }
    if (seen.has(code)) { duplicates++; continue }
    seen.add(code)
    codes.push(code)
  }
  return { codes, duplicates, blank, tooLong }
}

/** A value at a dotted path of a JSON answer ("data.code", "data.codes.0"); empty path = the body itself. */
export function jsonPathValue(body: string, path: string): string | null {
  if (path.trim() === '') return body.trim() || null
  let v: unknown
  try {
    v = JSON.parse(body)
  } catch {
    return null
  }
  for (const key of path.split('.')) {
    if (v === null || typeof v !== 'object') return null
    v = (v as Record<string, unknown>)[key]
  }
  if (typeof v === 'string') return v.trim() || null
  if (typeof v === 'number' || typeof v === 'bigint') return String(v)
  return null
}
