/** Fake Gemini REST server: `POST /v1beta/models/{model}:generateContent` and `:streamGenerateContent?alt=sse`. */
import type { FakeAnswer, FakeRequest } from './behaviour'
import { chunksOf, fakeUsage, startFakeServer, startSse, writeFrames, writeJson, type BaseRequest, type FakeLlmServer, type FakeServerOptions, type ProtocolAdapter } from './server'

interface Part { text?: unknown }
interface GeminiBody {
  contents?: Array<{ role?: string; parts?: Part[] }>
  systemInstruction?: { parts?: Part[] }
}

const partsText = (parts: Part[] | undefined): string => (parts ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join('')

const STATUS_NAMES: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' }

function usageMetadata(req: FakeRequest, a: Extract<FakeAnswer, { kind: 'text' }>): Record<string, number> {
  const u = fakeUsage(req, a)
  return { promptTokenCount: u.tokensIn, candidatesTokenCount: u.tokensOut, totalTokenCount: u.tokensIn + u.tokensOut }
}

const candidate = (text: string, finishReason?: string): Record<string, unknown> =>
  ({ content: { role: 'model', parts: [{ text }] }, index: 0, ...(finishReason ? { finishReason } : {}) })

const adapter: ProtocolAdapter = {
  protocol: 'gemini',
  parse(base: BaseRequest) {
    const m = /^\/v1(?:beta|alpha)?\/models\/([^:]+):(generateContent|streamGenerateContent)$/.exec(base.path)
    if (base.method !== 'POST' || !m?.[1]) return null
    const body = (base.body ?? {}) as GeminiBody
    const messages = (body.contents ?? []).map((c) => ({ role: c.role === 'model' ? 'assistant' as const : 'user' as const, content: partsText(c.parts) }))
    const lastUser = [...messages].reverse().find((x) => x.role === 'user')?.content ?? ''
    return { model: m[1], system: partsText(body.systemInstruction?.parts), messages, lastUser, stream: m[2] === 'streamGenerateContent' }
  },
  keyOf: (base) => {
    const h = base.headers['x-goog-api-key']
    return (Array.isArray(h) ? h[0] : h) ?? base.query['key']
  },
  writeError(res, status, message, headers) {
    const details = status === 429 ? [{ '@type': 'type.googleapis.com/google.rpc.RetryInfo', retryDelay: `${headers?.['retry-after'] ?? '1'}s` }] : []
    writeJson(res, status, { error: { code: status, message, status: STATUS_NAMES[status] ?? 'UNKNOWN', details } }, headers)
  },
  writeText(res, req, a) {
    const finish = a.finishReason === 'length' ? 'MAX_TOKENS' : 'STOP'
    const tail = { ...(a.omitUsage ? {} : { usageMetadata: usageMetadata(req, a) }), modelVersion: req.model }
    if (!req.stream) {
      writeJson(res, 200, { candidates: [candidate(a.text, finish)], ...tail })
      return
    }
    startSse(res)
    const pieces = chunksOf(a)
    if (pieces.length === 0) pieces.push('')
    const frames = pieces.map((piece, i) => {
      const last = i === pieces.length - 1
      return `data: ${JSON.stringify({ candidates: [candidate(piece, last ? finish : undefined)], ...(last ? tail : { modelVersion: req.model }) })}\r\n\r\n`
    })
    return writeFrames(res, frames, a.chunkDelayMs)
  },
  writeMalformed(res, req) {
    if (req.stream) {
      startSse(res)
      res.end('data: {"candidates":[{"content":{"parts":[{"text":"hi"\r\n\r\n')
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"candidates":[{"content":')
  }
}

/** `url` is the API origin (the SDK appends `/v1beta/models/…`). */
export function startFakeGemini(opts: FakeServerOptions = {}): Promise<FakeLlmServer> {
  return startFakeServer(adapter, opts, (origin) => origin)
}
