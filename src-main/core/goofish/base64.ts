/**
 * Lenient base64 for push payloads (goofish-protocol.md §5.2): whitespace and other stray
 * characters are dropped, base64url (`-`/`_`) is translated (the Python reference strips it, [G]
 * translates: we follow [G]), missing padding is fine. Padding semantics follow the reference
 * (CPython's non-strict decoder): `=` inside a data quad ends the data, `=` on a quad
 * boundary is ignored.
 */

export type Base64Result = { ok: true; bytes: Buffer } | { ok: false; message: string; cleaned: string }

const B64_CHAR = /[A-Za-z0-9+/]/

/** Keep only base64 data characters up to the first real padding. */
function dataChars(input: string): string {
  let out = ''
  for (let i = 0; i < input.length; i++) {
    let c = input[i] as string
    if (c === '-') c = '+'
    else if (c === '_') c = '/'
    if (c === '=') {
      const rem = out.length % 4
      if (rem === 2 || rem === 3) break
      continue
    }
    if (B64_CHAR.test(c)) out += c
  }
  return out
}

const CLEAN = /^[A-Za-z0-9+/]*$/

export function decodeBase64Lenient(input: string): Base64Result {
  // fast path: canonical base64 (what the gateway sends), optionally padded
  const body = input.endsWith('==') ? input.slice(0, -2) : input.endsWith('=') ? input.slice(0, -1) : input
  if (body.length % 4 !== 1 && CLEAN.test(body)) return { ok: true, bytes: Buffer.from(body, 'base64') }
  const data = dataChars(input)
  if (data.length % 4 === 1) {
    return { ok: false, message: `base64: ${data.length} data characters is 1 more than a multiple of 4`, cleaned: data }
  }
  return { ok: true, bytes: Buffer.from(data, 'base64') }
}
