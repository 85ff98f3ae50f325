/** Fake OpenAI-compatible server: `POST /v1/chat/completions`, JSON or SSE (`stream: true`). */
import type { ServerResponse } from 'node:http'
import type { FakeAnswer, FakeRequest } from './behaviour'
import { chunksOf, fakeUsage, startFakeServer, startSse, writeFrames, writeJson, type BaseRequest, type FakeLlmServer, type FakeServerOptions, type ProtocolAdapter } from './server'

interface ChatBody {
  model?: string
  stream?: boolean
  stream_options?: { include_usage?: boolean }
  messages?: Array<{ role?: string; content?: unknown }>
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content
  if (Array.isArray(content)) return content.map((p: { text?: unknown }) => (typeof p?.text === 'string' ? p.text : '')).join('')
  return ''
}

function usage(req: FakeRequest, a: Extract<FakeAnswer, { kind: 'text' }>): Record<string, number> {
  const u = fakeUsage(req, a)
  return { prompt_tokens: u.tokensIn, completion_tokens: u.tokensOut, total_tokens: u.tokensIn + u.tokensOut }
}

let seq = 0

const adapter: ProtocolAdapter = {
  protocol: 'openai',
  parse(base: BaseRequest) {
    if (base.method !== 'POST' || !/\/chat\/completions$/.test(base.path)) return null
    const body = (base.body ?? {}) as ChatBody
    const msgs = Array.isArray(body.messages) ? body.messages : []
    const system = msgs.filter((m) => m.role === 'system' || m.role === 'developer').map((m) => textOf(m.content)).join('\n')
    const messages = msgs
      .filter((m) => m.role === 'user' || m.role === 'assistant')
      .map((m) => ({ role: m.role as 'user' | 'assistant', content: textOf(m.content) }))
    const lastUser = [...messages].reverse().find((m) => m.role === 'user')?.content ?? ''
    return { model: String(body.model ?? ''), system, messages, lastUser, stream: body.stream === true }
  },
  keyOf: (base) => /^Bearer (.*)$/i.exec(String(base.headers.authorization ?? ''))?.[1],
  writeError(res, status, message, headers) {
    const type = status === 429 ? 'rate_limit_exceeded' : status === 401 ? 'invalid_api_key' : status >= 500 ? 'server_error' : 'invalid_request_error'
    writeJson(res, status, { error: { message, type, code: type } }, headers)
  },
  writeText(res, req, a) {
    const id = `chatcmpl-fake${++seq}`
    const created = Math.floor(Date.now() / 1000)
    const finish = a.finishReason ?? 'stop'
    if (!req.stream) {
      writeJson(res, 200, {
        id, object: 'chat.completion', created, model: req.model,
        choices: [{ index: 0, message: { role: 'assistant', content: a.text }, finish_reason: finish, logprobs: null }],
        ...(a.omitUsage ? {} : { usage: usage(req, a) })
      })
      return
    }
    return writeStream(res, req, a, { id, created, finish })
  },
  writeMalformed(res, req) {
    if (req.stream) {
      startSse(res)
      res.end('data: {"id":"chatcmpl-broken","choices":[{"delta":{"content":"hi"\n\n')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"id":"chatcmpl-broken","choices":[{"message":{"content":"hi"')
  }
}

function writeStream(res: ServerResponse, req: FakeRequest, a: Extract<FakeAnswer, { kind: 'text' }>, m: { id: string; created: number; finish: string }): Promise<void> {
  const frame = (choices: unknown[], extra: Record<string, unknown> = {}): string =>
    `data: ${JSON.stringify({ id: m.id, object: 'chat.completion.chunk', created: m.created, model: req.model, choices, ...extra })}\n\n`
  startSse(res)
  const frames = [frame([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }])]
  for (const piece of chunksOf(a)) frames.push(frame([{ index: 0, delta: { content: piece }, finish_reason: null }]))
  frames.push(frame([{ index: 0, delta: {}, finish_reason: m.finish }]))
  const body = req.body as ChatBody
  if (body.stream_options?.include_usage && !a.omitUsage) frames.push(frame([], { usage: usage(req, a) }))
  frames.push('data: [DONE]\n\n')
  return writeFrames(res, frames, a.chunkDelayMs)
}

/** `url` is the `/v1` base to put in the provider settings. */
export function startFakeOpenAI(opts: FakeServerOptions = {}): Promise<FakeLlmServer> {
  return startFakeServer(adapter, opts, (origin) => `${origin}/v1`)
}
