/**
 * What a model returns is not always only the reply. Reasoning models served through
 * OpenAI-compatible endpoints (Qwen3 / DeepSeek-R1 on Ollama, some proxies) put their thinking
 * inline as `<think>…</think>`; chat models like to prefix a role ("卖家：") or wrap the reply in
 * quotes or markdown. None of that may reach a buyer. Applied to every answer before any check.
 */

const THINK_BLOCK = /<think(?:ing)?>[\s\S]*?<\/think(?:ing)?>/giu
const THINK_OPEN = /<think(?:ing)?>/iu
const THINK_CLOSE = /<\/think(?:ing)?>/giu
const ROLE_PREFIX = /^(?:卖家|客服|回复|答复|助手|小助手|AI|assistant|seller|reply)\s*[:：]\s*/iu
const WRAPPERS: ReadonlyArray<readonly [string, string]> = [['"', '"'], ['“', '”'], ['「', '」'], ['『', '』'], ["'", "'"], ['‘', '’']]

/** Drops reasoning: closed think blocks anywhere, text before a stray closing tag, and an unclosed block to the end. */
function withoutThinking(text: string): string {
  let t = text.replace(THINK_BLOCK, '')
  // some servers drop the opening tag: everything before the last closing tag is thinking
  const closes = [...t.matchAll(THINK_CLOSE)]
  const last = closes.at(-1)
  if (last?.index !== undefined) t = t.slice(last.index + last[0].length)
  // a thought cut off (length limit, or still streaming): nothing after it is an answer yet
  const open = THINK_OPEN.exec(t)
  if (open) t = t.slice(0, open.index)
  return t
}

const JSON_REPLY_KEYS = ['reply', 'text', 'content', 'answer', 'message', 'response', '回复']

/**
 * A model in JSON mode may answer `{"reply": "…"}` (or inside a ```json fence): the reply is the
 * string. A JSON object with no reply in it is no answer at all (empty: the fallback answers).
 */
function unwrapJson(text: string): string {
  const body = text.replace(/^```(?:json)?\s*([\s\S]*?)\s*```$/u, '$1').trim()
  if (!body.startsWith('{') || !body.endsWith('}')) return text
  try {
    const v: unknown = JSON.parse(body)
    if (!v || typeof v !== 'object' || Array.isArray(v)) return text
    for (const k of JSON_REPLY_KEYS) {
      const s = (v as Record<string, unknown>)[k]
      if (typeof s === 'string') return s
    }
    return ''
  } catch {
    // not JSON after all: the text stays as it is
  }
  return text
}

/** The reply a buyer may see: no reasoning, no JSON wrapper, no role label, no wrapping quotes, no markdown emphasis. */
export function cleanAnswer(text: string): string {
  let t = unwrapJson(withoutThinking(text).trim()).trim()
  t = t.replace(ROLE_PREFIX, '').trim()
  for (const [open, close] of WRAPPERS) {
    if (t.length >= 2 && t.startsWith(open) && t.endsWith(close) && !t.slice(1, -1).includes(close)) {
      t = t.slice(1, -1).trim()
      break
    }
  }
  return t.replace(/\*\*(.+?)\*\*/gu, '$1').replace(/^#{1,6}\s+/gmu, '').trim()
}

/** The same for text still being streamed (a copilot preview): reasoning in progress shows nothing. */
export function cleanPartialAnswer(textSoFar: string): string {
  return withoutThinking(textSoFar).replace(/^\s+/u, '').replace(ROLE_PREFIX, '')
}
